/**
 * The bridge provider's address and type names, shared by the constructs (`required_providers`), the provider (its reattach value)
 * and the installer (the filesystem mirror and the CLI configuration). In the core because lib/constructs may not
 * import provider/ (the provider sits beside lib/, and depends on lib/core only), while both may import the core.
 */

/** Registry source address (`NAMESPACE/TYPE`), as a template's `required_providers` names it. */
export const CODERSECRETS_SOURCE = "cdktf-coder/codersecrets";
/** The host Terraform puts in front of a source without one. */
export const CODERSECRETS_REGISTRY_HOST = "registry.terraform.io";
/** The fully qualified address (`HOST/NAMESPACE/TYPE`): the mirror's directory path, the CLI configuration's include. */
export const CODERSECRETS_ADDRESS = `${CODERSECRETS_REGISTRY_HOST}/${CODERSECRETS_SOURCE}`;
/** The provider's type name (`provider "codersecrets" {}`, the prefix of its data sources). */
export const CODERSECRETS_TYPE = "codersecrets";
/** Its one data source. */
export const CODERSECRETS_MANIFEST_TYPE = "codersecrets_manifest";
