/**
 * PEM (RFC 7468): DER bytes as base64 lines of 64 characters between `-----BEGIN LABEL-----` and
 * `-----END LABEL-----`. The provider writes its certificate in it (certificate.ts), reads the client certificate
 * Terraform sends in it (listener.ts), and the client hands the server certificate to grpc-js in it (client/).
 */

/** `der` as one PEM block of `label` (`CERTIFICATE`), ending in a newline. */
export function pemEncode(label: string, der: Uint8Array): string {
  const lines = Buffer.from(der).toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * The DER bytes of every `label` block in `text`, in order. Text around and between blocks, blocks of other labels
 * and empty blocks are skipped; line breaks may be `\n` or `\r\n`.
 */
export function pemDecode(label: string, text: string): Buffer[] {
  const block = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`, "g");
  const ders: Buffer[] = [];
  for (const match of text.matchAll(block)) {
    const der = Buffer.from(match[1]!.replace(/\s+/g, ""), "base64");
    if (der.length > 0) ders.push(der);
  }
  return ders;
}
