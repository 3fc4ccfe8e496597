/** Terraform's platform names (`<os>_<arch>`, Go's GOOS/GOARCH) for the running Node. */
const OS: Partial<Record<NodeJS.Platform, string>> = { linux: "linux", darwin: "darwin", win32: "windows", freebsd: "freebsd", openbsd: "openbsd" };
const ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };

export class UnsupportedPlatformError extends Error {
  constructor(platform: string, arch: string) {
    super(`no Terraform platform name for ${platform}/${arch}`);
    this.name = "UnsupportedPlatformError";
  }
}

export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const os = OS[platform];
  const a = ARCH[arch];
  if (!os || !a) throw new UnsupportedPlatformError(platform, arch);
  return `${os}_${a}`;
}
