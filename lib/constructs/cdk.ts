/**
 * The only module that names the CDK package. The library runs on CDKTF (`cdktf` 0.21) or on its maintained fork
 * CDK Terrain (`cdktn` 0.24, the same API), whichever the app installed: both are optional peer dependencies, and
 * the package is chosen here once, at load, so every class the constructs extend or test with `instanceof` is the
 * app's own (with another copy, every check that asks "is this a TerraformOutput?" would silently answer no).
 *
 * Which one: the `CDKTF_CODER_SECRETS_CDK` environment variable (`cdktf` or `cdktn`) if set; else the one that
 * resolves from this package; if both do, the one the app has already loaded, else `cdktf`. A CoderTemplate
 * created in an App of the other package is refused with the fix ({@link assertSameCdk}).
 *
 * Types are written against cdktf's declarations (identical names in cdktn). The generated bindings
 * (provider/generated/coder) import this module instead of the package.
 */
import type * as Cdk from "cdktf";
import type { IConstruct } from "constructs";

/** The CDK packages this library runs on, in the order preferred when both are installed and neither is loaded. */
export const CDK_PACKAGES = ["cdktf", "cdktn"] as const;
export type CdkPackageName = (typeof CDK_PACKAGES)[number];
/** Environment variable that picks the CDK package when an app has both installed. */
export const CDK_PACKAGE_ENV = "CDKTF_CODER_SECRETS_CDK";

/** The CDK package cannot be found, is ambiguous, or is not the one the app uses. */
export class CdkPackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CdkPackageError";
  }
}

function isCdkPackage(name: string): name is CdkPackageName {
  return (CDK_PACKAGES as readonly string[]).includes(name);
}

function resolved(name: string): string | undefined {
  try {
    return require.resolve(name);
  } catch {
    return undefined;
  }
}

/** Picks the CDK package by the rule in this module's comment. Pure apart from module resolution. */
export function chooseCdkPackage(env: NodeJS.ProcessEnv = process.env, resolve: (name: string) => string | undefined = resolved, isLoaded: (file: string) => boolean = (f) => require.cache[f] !== undefined): CdkPackageName {
  const forced = env[CDK_PACKAGE_ENV];
  if (forced !== undefined && forced !== "") {
    if (!isCdkPackage(forced)) throw new CdkPackageError(`${CDK_PACKAGE_ENV}=${forced} is not a CDK package cdktf-coder-secrets runs on: set it to ${CDK_PACKAGES.join(" or ")}`);
    return forced;
  }
  const found = CDK_PACKAGES.map((name) => ({ name, main: resolve(name) })).filter((f): f is { name: CdkPackageName; main: string } => f.main !== undefined);
  if (found.length === 0) {
    throw new CdkPackageError("cdktf-coder-secrets needs a CDK package next to it and found neither cdktf nor cdktn: install one with `npm install cdktf constructs` (or `npm install cdktn constructs`)");
  }
  if (found.length === 1) return found[0].name;
  const loaded = found.filter((f) => isLoaded(f.main));
  return loaded.length === 1 ? loaded[0].name : found[0].name;
}

/** The chosen package's name (`cdktf` or `cdktn`). */
export const CDK_PACKAGE: CdkPackageName = chooseCdkPackage();

/* eslint-disable @typescript-eslint/no-require-imports */
const cdk: typeof Cdk = require(CDK_PACKAGE);
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Refuses a scope whose App comes from the other CDK package (its classes would not be the ones the checks know):
 * the error names both and the fix.
 */
export function assertSameCdk(scope: IConstruct): void {
  const root = scope.node.root;
  if (cdk.App.isApp(root) && !(root instanceof cdk.App)) {
    const other = CDK_PACKAGES.find((p) => p !== CDK_PACKAGE)!;
    throw new CdkPackageError(
      `${scope.node.path || scope.node.id}: the App is not ${CDK_PACKAGE}'s, but cdktf-coder-secrets loaded ${CDK_PACKAGE} (both are installed): ` +
        `set ${CDK_PACKAGE_ENV}=${other}, or import ${other} before cdktf-coder-secrets`,
    );
  }
}

// Values, and the type of the same name where the value is a class or an enum.
export const AnnotationMetadataEntryType = cdk.AnnotationMetadataEntryType;
export type AnnotationMetadataEntryType = Cdk.AnnotationMetadataEntryType;
export const Annotations = cdk.Annotations;
export type Annotations = Cdk.Annotations;
export const App = cdk.App;
export type App = Cdk.App;
export const Aspects = cdk.Aspects;
export type Aspects = Cdk.Aspects;
export const ComplexList = cdk.ComplexList;
export type ComplexList = Cdk.ComplexList;
export const ComplexObject = cdk.ComplexObject;
export type ComplexObject = Cdk.ComplexObject;
export const Fn = cdk.Fn;
export type Fn = Cdk.Fn;
export const ImportableResource = cdk.ImportableResource;
export type ImportableResource = Cdk.ImportableResource;
export const Lazy = cdk.Lazy;
export type Lazy = Cdk.Lazy;
export const Op = cdk.Op;
export type Op = Cdk.Op;
export const TerraformBackend = cdk.TerraformBackend;
export type TerraformBackend = Cdk.TerraformBackend;
export const TerraformDataSource = cdk.TerraformDataSource;
export type TerraformDataSource = Cdk.TerraformDataSource;
export const TerraformElement = cdk.TerraformElement;
export type TerraformElement = Cdk.TerraformElement;
export const TerraformIterator = cdk.TerraformIterator;
export type TerraformIterator = Cdk.TerraformIterator;
export const TerraformLocal = cdk.TerraformLocal;
export type TerraformLocal = Cdk.TerraformLocal;
export const TerraformOutput = cdk.TerraformOutput;
export type TerraformOutput = Cdk.TerraformOutput;
export const TerraformProvider = cdk.TerraformProvider;
export type TerraformProvider = Cdk.TerraformProvider;
export const TerraformResource = cdk.TerraformResource;
export type TerraformResource = Cdk.TerraformResource;
export const TerraformStack = cdk.TerraformStack;
export type TerraformStack = Cdk.TerraformStack;
export const TerraformVariable = cdk.TerraformVariable;
export type TerraformVariable = Cdk.TerraformVariable;
export const Token = cdk.Token;
export type Token = Cdk.Token;
export const Tokenization = cdk.Tokenization;
export type Tokenization = Cdk.Tokenization;
// Functions the generated bindings use.
export const booleanToHclTerraform = cdk.booleanToHclTerraform;
export const booleanToTerraform = cdk.booleanToTerraform;
export const canInspect = cdk.canInspect;
export const hashMapper = cdk.hashMapper;
export const hashMapperHcl = cdk.hashMapperHcl;
export const isComplexElement = cdk.isComplexElement;
export const listMapper = cdk.listMapper;
export const listMapperHcl = cdk.listMapperHcl;
export const numberToHclTerraform = cdk.numberToHclTerraform;
export const numberToTerraform = cdk.numberToTerraform;
export const stringToHclTerraform = cdk.stringToHclTerraform;
export const stringToTerraform = cdk.stringToTerraform;
// Types only.
export type { IAspect, IInterpolatingParent, IResolvable, ISynthesisSession, TerraformMetaArguments } from "cdktf";
/**
 * Resolves tokens in a value the way synthesis does: `Tokenization.resolve` with the default resolver and string
 * concatenation, as the package's own (internal) `resolve` helper calls it, built from the package root's exports.
 */
const TOKEN_RESOLVER = new cdk.DefaultTokenResolver(new cdk.StringConcat());
export function resolveTokens<T>(scope: IConstruct, value: T): T {
  return cdk.Tokenization.resolve(value, { scope, preparing: false, resolver: TOKEN_RESOLVER }) as T;
}
