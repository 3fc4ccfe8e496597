/**
 * The POSIX `sh` delivery of file secrets, for a `coder_script` (run_on_start, start_blocks_login) in images that have
 * only `sh` and coreutils (no Node, awk or python): dash, bash --posix, and BusyBox ash with only BusyBox applets
 * (Alpine-like images; tested when BusyBox is installed). Commands used: od tail head tr wc base64 mkdir mktemp mv rm. Same semantics as the Node injector (./inject.ts); one shared
 * table of cases runs against both (test/inject).
 *
 * The script text holds no secret: Coder's agent logs every script's full text and runs it as `sh -c <text>`, which
 * shows in `ps`. The values reach it through the environment: the base64 `coder.agent.v2.Manifest` (field 19 only) is
 * the concatenation of `$VAR`, `$VAR_2`, `$VAR_3`, … (see ./manifest-env.ts: one Linux env string is at most 128 KiB).
 *
 * How it works: the variables are read once and unset (so the many short-lived children do not each copy up to
 * 2 MiB of environment, nor see the secrets); the manifest is decoded into a private temp dir (mktemp -d, umask 077); only varint headers are read,
 * with `od` at byte offsets (one call per
 * entry, usually: a 160-byte window is reused while it covers the next header); paths are checked with Coder's rules (prefix, NUL, 4096 bytes, UTF-8) and cleaned like
 * Go's filepath.Clean by splitting on `/`; every entry is checked before anything is written (bad input: exit 2).
 * Each value is copied with `tail -c +N | head -c L` into a `mktemp` file (0600, O_EXCL) in the target's directory and
 * renamed over the target with `mv`. The text contains no `${` or `%{`, so Terraform leaves it alone.
 */

/** Thrown for options that would make a broken or unsafe script. */
export class DeliveryScriptOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryScriptOptionsError";
  }
}

export interface DeliveryScriptOptions {
  /** The agent env var holding the base64 manifest (continued in `<name>_2`, `<name>_3`, … when split). */
  readonly manifestEnvVar: string;
}

/** Prefix of the temp files both injectors create next to a target before renaming them over it. */
export const TEMP_FILE_PREFIX = ".cdktf-coder-secrets.";

/** A display name for the `coder_script` that runs the delivery script. */
export const DELIVERY_SCRIPT_DISPLAY_NAME = "Secret files";

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// `@VAR@` is replaced with the env var name. Kept free of `${`, `%{` and backquotes (a test checks).
const TEMPLATE = String.raw`# cdktf-coder-secrets: write the file secrets of the manifest in $@VAR@ (0600, atomic, symlinks refused).
# This text holds no secret: the values are read from the environment at run time.
umask 077; set -f; unset IFS; T=; W=
trap 'rm -rf "$T"; [ -z "$W" ] || rm -f "$W"' EXIT
trap 'exit 1' HUP INT TERM
say() { printf '%s\n' "cdktf-coder-secrets: $*" >&2; }
bad() { say "bad manifest in @VAR@: $*; nothing written"; exit 2; }
u=$; eval "u=$u{@VAR@+x}"; [ -n "$u" ] || bad "the variable is not set"
T=$(mktemp -d) || exit 1
B=$T/b; M=$T/m; k=2
{ printf %s "$@VAR@"; while eval "[ -n \"\$@VAR@_$k\" ]"; do eval "printf %s \"\$@VAR@_$k\""; k=$((k+1)); done; } | tr -d ' \t\n\r\v\f' >"$B"
n=$(($(wc -c <"$B"))); c=$(($(tr -cd = <"$B" | wc -c)))
if [ $c = 0 ]; then case $((n%4)) in 1) bad "not standard base64" ;; 2) printf == >>"$B" ;; 3) printf = >>"$B" ;; esac
elif [ $((n%4)) != 0 ] || [ $c -gt 2 ] || [ -n "$(tail -c $c "$B" | tr -d =)" ]; then bad "not standard base64"; fi
k=2; unset @VAR@; while eval "[ -n \"\$@VAR@_$k\" ]"; do unset @VAR@_$k; k=$((k+1)); done
base64 -d <"$B" >"$M" 2>/dev/null || bad "not standard base64"
S=$(($(wc -c <"$M"))); co=0; ce=0
# rd OFF LEN: C holds the bytes from OFF on (decimal words from one od call, reused while the window covers them); skip D words
rd() {
  z=$(($1+$2)); [ $z -le $S ] || z=$S
  if [ $1 -lt $co ] || [ $z -gt $ce ]; then
    co=$1; ce=$((z>$1+160?z:$1+160)); [ $ce -le $S ] || ce=$S; C=$(od -An -tu1 -v -j $co -N $((ce-co)) "$M")
  fi
  D=$(($1-co))
}
# fld OFF END: the protobuf field at OFF: F number, K wire type, P payload offset, L payload length, O next offset
fld() {
  o=$1; e=$2; rd $o 20; set -- $C; shift $D; v=0; s=1; n=0
  while :; do [ $# -gt 0 ] && [ $n -lt 8 ] || return 1; n=$((n+1)); v=$((v+$1%128*s)); s=$((s*128)); b=$1; shift; [ $b -lt 128 ] && break; done
  F=$((v/8)); K=$((v%8)); P=$((o+n)); v=0; s=1; n=0
  case $K in
  0) while :; do [ $# -gt 0 ] && [ $n -lt 10 ] || return 1; n=$((n+1)); b=$1; shift; [ $b -lt 128 ] && break; done; L=$n ;;
  1) L=8 ;; 5) L=4 ;;
  2) while :; do [ $# -gt 0 ] && [ $n -lt 8 ] || return 1; n=$((n+1)); v=$((v+$1%128*s)); s=$((s*128)); b=$1; shift; [ $b -lt 128 ] && break; done; P=$((P+n)); L=$v ;;
  *) return 1 ;;
  esac
  O=$((P+L)); [ $F -gt 0 ] && [ $O -le $e ]
}
# u8 N BYTE...: the first N bytes are valid UTF-8 (Go's proto3 decoder requires it of strings)
u8() {
  m=$1; shift; c=0; for b do
    [ $m -gt 0 ] || break; m=$((m-1))
    if [ $c -gt 0 ]; then [ $b -ge $g ] && [ $b -le $h ] || return 1; g=128; h=191; c=$((c-1))
    elif [ $b -lt 128 ]; then :
    elif [ $b -ge 194 ] && [ $b -le 223 ]; then c=1; g=128; h=191
    elif [ $b -ge 224 ] && [ $b -le 239 ]; then c=2; g=128; h=191; [ $b = 224 ] && g=160; [ $b = 237 ] && h=159
    elif [ $b -ge 240 ] && [ $b -le 244 ]; then c=3; g=128; h=191; [ $b = 240 ] && g=144; [ $b = 244 ] && h=143
    else return 1; fi
  done; [ $c = 0 ]
}
# cl PATH: append the components of PATH to R, a clean absolute path ("" is /), as Go's filepath.Clean; up: drop the last
cl() { IFS=/; for c in $1; do case $c in ''|.) ;; ..) up ;; *) R=$R/$c ;; esac; done; unset IFS; }
up() { IFS=/; q=; l=; for c in $R; do [ -z "$c" ] || { q=$q$l; l=/$c; }; done; R=$q; unset IFS; }
o=0; j=0; i=0
while [ $o -lt $S ]; do
  fld $o $S || bad "malformed protobuf at byte $o (expected coder.agent.v2.Manifest)"
  x=$O
  if [ $F = 19 ]; then
    [ $K = 2 ] || bad "secret[$j]: wrong wire type"
    q=$P; fp=0; fl=0; vp=0; vl=0
    while [ $q -lt $x ]; do
      fld $q $x || bad "secret[$j]: malformed protobuf"
      case $F:$K in
      1:2) [ $L = 0 ] || { rd $P $L; set -- $C; shift $D; u8 $L "$@"; } || bad "secret[$j]: env_name is not valid UTF-8" ;;
      2:2) fp=$P; fl=$L ;; 3:2) vp=$P; vl=$L ;; [123]:*) bad "secret[$j]: wrong wire type" ;;
      esac
      q=$O
    done
    if [ $fl -gt 0 ]; then
      rd $fp $fl; set -- $C; shift $D; t=0
      if [ $1 = 126 ] && [ $fl -gt 1 ] && [ $2 = 47 ]; then t=1; elif [ $1 != 47 ]; then bad "secret[$j]: file path must start with ~/ or /"; fi
      u8 $fl "$@" || bad "secret[$j]: file_path is not valid UTF-8"
      [ $t = 0 ] || shift 2
      f=; m=$((fl-2*t)); for b do [ $m -gt 0 ] || break; m=$((m-1)); [ $b != 0 ] || bad "secret[$j]: file path must not contain null bytes"; f=$f\\0$((b/64))$((b/8%8))$((b%8)); done
      [ $fl -le 4096 ] || bad "secret[$j]: file path must not exceed 4096 bytes"
      R=
      if [ $t = 1 ]; then case $HOME in /*) cl "$HOME" ;; *) R=- ;; esac; fi
      [ "$R" = - ] || cl "$(printf %b "$f/.")"
      i=$((i+1)); eval "r$i=\$R n$i=$j v$i=$vp l$i=$vl"
    fi
    j=$((j+1))
  fi
  o=$x
done
put() {
  t=$R; up; d=$R; R=$t
  if [ -z "$R" ]; then say "failed secret[$j]: / is a directory"; return 1; fi
  if [ -L "$R" ]; then say "refused secret[$j]: $R is a symbolic link; links are never followed (the link and its target are left untouched; remove the link to let the secret be written)"; return 1; fi
  if [ -d "$R" ]; then say "failed secret[$j]: $R is a directory"; return 1; fi
  if [ -e "$R" ] && [ ! -f "$R" ]; then say "refused secret[$j]: $R is not a regular file (a device, FIFO or socket); it is left untouched"; return 1; fi
  [ -d "$d/" ] || e=$(mkdir -p "$d" 2>&1) || { say "failed secret[$j]: $R: cannot create its directory: $e"; return 1; }
  W=$(mktemp "$d/@TMP@XXXXXXXX" 2>&1) || { say "failed secret[$j]: $R: $W"; W=; return 1; }
  eval "vp=\$v$k vl=\$l$k"
  if tail -c +$((vp+1)) "$M" | head -c $vl >"$W" && mv -f "$W" "$R"; then W=; echo "cdktf-coder-secrets: wrote secret[$j] to $R (0600)"; return 0; fi
  rm -f "$W"; W=; say "failed secret[$j]: $R: cannot write"; return 1
}
k=0; a=0; z=0; y=0
while [ $k -lt $i ]; do
  k=$((k+1)); eval "R=\$r$k j=\$n$k"; m=$k; w=
  if [ "$R" = - ]; then say "warning: skipped secret[$j]: its file path starts with ~/ and the home directory is unknown (HOME is not an absolute path)"; z=$((z+1)); continue; fi
  while [ $m -lt $i ]; do m=$((m+1)); eval "[ \"\$r$m\" = \"\$R\" ]" && { eval "w=\$n$m"; break; }; done
  if [ -n "$w" ]; then say "warning: secret[$j] and secret[$w] resolve to the same file $R; the later one (secret[$w]) wins"; z=$((z+1)); continue; fi
  if put; then a=$((a+1)); else y=$((y+1)); fi
done
echo "cdktf-coder-secrets: $a file secrets written, $z skipped, $y failed"
[ $y = 0 ] || exit 1
exit 0
`;

/**
 * The `sh` script that writes the file secrets of the manifest found in the environment (`manifestEnvVar`, continued
 * in `<name>_2`, … when split). Exit 0 all written, 1 some failed, 2 bad input (nothing written).
 */
export function deliveryScript(options: DeliveryScriptOptions): string {
  const name = options.manifestEnvVar;
  if (!ENV_VAR_NAME.test(name)) {
    throw new DeliveryScriptOptionsError(`manifestEnvVar must be a shell variable name (A-Z, a-z, 0-9, _; not starting with a digit), got ${JSON.stringify(name)}`);
  }
  return TEMPLATE.replace(/@VAR@/g, name).replace(/@TMP@/g, TEMP_FILE_PREFIX);
}

/** One line for logs and the script's description: what it does, never what it carries. */
export function describeDeliveryScript(options: DeliveryScriptOptions): string {
  return `writes the file secrets of the manifest in $${options.manifestEnvVar} (0600, atomic rename, symlinks refused; needs only sh and coreutils)`;
}
