/**
 * Terraform evaluates `${…}` and `%{…}` inside every string of a `.tf.json` file, and CDKTF emits literal strings
 * verbatim: a shell script saying `${HOME}` fails `terraform validate` ("Invalid reference"). These helpers escape
 * the literal parts of a string while leaving CDKTF token markers (`${TfToken[…]}`) alone, so references still resolve.
 */

const TOKEN_MARKER = /\$\{TfToken\[[^\]]*\]\}/g;

/** Escapes one literal fragment (no token markers inside): `${` → `$${`, `%{` → `%%{`. */
export function escapeTemplateFragment(text: string): string {
  // Function replacers: in a replacement *string* `$$` would mean a single `$`.
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/**
 * Escapes the literal parts of `text` for Terraform's template syntax; embedded CDKTF tokens stay references.
 * Use it on scripts and any literal that may contain `${`/`%{` meant for the shell.
 */
export function escapeTerraformTemplate(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(TOKEN_MARKER)) {
    const at = m.index ?? 0;
    out += escapeTemplateFragment(text.slice(last, at)) + m[0];
    last = at + m[0].length;
  }
  return out + escapeTemplateFragment(text.slice(last));
}
