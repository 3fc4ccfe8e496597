/**
 * The POSIX `sh` delivery of file secrets, for a `coder_script` (run_on_start, start_blocks_login) in images that have
 * only `sh` and coreutils (no Node, awk or python): dash, bash --posix, and BusyBox ash with only BusyBox applets
 * (Alpine-like images). Commands used: od tail head tr wc base64 mkdir mktemp mv rm ls readlink sort id sha256sum, all
 * BusyBox 1.35 applets. Same semantics as the Node injector (./inject.ts); one shared table of cases runs against both
 * (test/inject).
 *
 * The script text holds no secret: Coder's agent logs every script's full text and runs it as `sh -c <text>`, which
 * shows in `ps`. The values reach it through the environment: the base64 `coder.agent.v2.Manifest` (field 19 only) is
 * the concatenation of `$VAR`, `$VAR_2`, `$VAR_3`, … (see lib/core/manifest-env.ts: one Linux env string is at most
 * 128 KiB).
 *
 * How it works: before anything else the variables are read into a shell variable and unset (so the many short-lived
 * children neither copy up to 2 MiB of environment nor see the secrets); every internal name starts with `_cs`, the
 * text works under `set -eu`, and `${…}` appears nowhere (Terraform would expand it; an `eval` builds the few
 * `${NAME+x}` tests). The manifest is decoded into a private dir (`mktemp -d`, umask 077) in `$XDG_RUNTIME_DIR`, else
 * `/dev/shm`, else `$TMPDIR` (memory-backed first: what a SIGKILL leaves is gone at reboot). The protobuf is read with
 * `od` at byte offsets under the Go runtime's wire rules (varints of at most 10 bytes, field numbers 1..2^29-1, lengths
 * within the input and at most 2^31-1, unknown fields skipped by wire type, groups to their matching end); paths are
 * checked with Coder's rules (prefix, NUL, 4096 bytes, UTF-8) and cleaned like Go's filepath.Clean; every entry is
 * checked before anything is written (bad input: exit 2, the byte offset and the rule named). Collisions are found with
 * one `sort` (linear in the entries after it). Before a write, every directory from `/` to the target's directory (links
 * followed, each link owned by the user or root) must be owned by the user or root and not group- or world-writable
 * unless sticky; the value is copied with `tail -c +N | head -c L` into a `mktemp` file (0600, O_EXCL) beside the
 * target, renamed with `mv -f -T` (never into a directory), and the target is then checked to be that inode, owned by
 * the user, 0600 (else removed and reported). Printed paths escape control characters as printablePath does.
 *
 * Stale files (as ./state.ts and ./inject.ts, one state shared with the Node CLI's `--manifest-env VAR`): every file
 * written is recorded as its SHA-256 (`sha256sum` of the temp file, before the rename) and its clean path as hex (built
 * beside the path's octal form while the path decodes, so no extra command per entry). After the writes, the state
 * file `<state dir>/<VAR>.state` is read (after the same trust walk of its directory) with one `tr` (NUL bytes made
 * visible) and `read`; each path is looked up by its hex as part of a variable name, so no per-line command runs
 * except for a path the manifest no longer names: that one is decoded (`od -c`, pairs as `$((0xHH))`) into the bytes
 * `_csen` turns into the octal form the writes use. A candidate is removed only while it is a regular file with the
 * recorded hash: its directory's trust walk (once for consecutive candidates in one directory), `ls` before it is opened
 * (anything else is never opened), the hash, `ls` again (the same inode, mode and size), then `rm`. The new state is written only when its text differs from the old, by the temp file, rename and
 * check after the rename that every secret file gets.
 */
import { CAPS, capProblem } from "../core/caps";
import { READ_DENIED, REPLACED_WHILE_CHECKED, STATE_DIR_NAME, STATE_HEADER, stateKeyProblem } from "./state";

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
/** The fix in the script's cap messages: it names the template's wiring, not a data source (the script text names none). */
const SCRIPT_CAP_FIX = "check that the variable holds the manifest the template wired into the agent";

/** Every variable and function of the script starts with this, so no manifest variable name can clash with them. */
const INTERNAL_PREFIX = "_cs";

// `@VAR@` is replaced with the env var name. Kept free of `${`, `%{` and backquotes (a test checks).
const TEMPLATE = String.raw`# cdktf-coder-secrets: write the file secrets of the manifest in $@VAR@ (0600, atomic, symlinks refused, trusted directories only).
# This text holds no secret: the values are read from the environment at run time. Internal names start with _cs.
_csD=$; _csb=; _csk=2; eval "_csv0=$_csD{@VAR@+x}"
if [ -n "$_csv0" ]; then _csb=$@VAR@; unset @VAR@
  while eval "_csu=$_csD{@VAR@_$_csk-}"; [ -n "$_csu" ]; do _csb=$_csb$_csu; unset @VAR@_$_csk; _csk=$((_csk+1)); done
fi
umask 077; set -f; unset IFS; _csT=; _csW=
trap 'rm -rf "$_csT"; [ -z "$_csW" ] || rm -f "$_csW"' EXIT
trap 'exit 1' HUP INT TERM
_cssay() { printf '%s\n' "cdktf-coder-secrets: $*" >&2; }
_csbad() { _cssay "bad manifest in @VAR@: $*; nothing written"; exit 2; }
[ -n "$_csv0" ] || _csbad "the variable is not set"
_csp=/tmp; eval "_csu=$_csD{TMPDIR-}"; [ -z "$_csu" ] || _csp=$_csu
[ ! -d /dev/shm ] || [ ! -w /dev/shm ] || _csp=/dev/shm
eval "_csu=$_csD{XDG_RUNTIME_DIR-}"; [ -z "$_csu" ] || [ ! -d "$_csu" ] || [ ! -w "$_csu" ] || _csp=$_csu
_csT=$(mktemp -d "$_csp/cdktf-coder-secrets.XXXXXXXX") || exit 1
_csM=$_csT/m; _csme=$(id -u) || _csme=; [ -n "$_csme" ] || { _cssay "cannot tell the user id (id -u); nothing written"; exit 1; }
_csb=$(printf %s "$_csb" | tr -d ' \t\n\r\v\f')
_csn=$(printf %s "$_csb" | wc -c); _csn=$((_csn)); _csc=$(printf %s "$_csb" | tr -cd = | wc -c); _csc=$((_csc))
if [ $_csc = 0 ]; then case $((_csn%4)) in 1) _csbad "not standard base64" ;; 2) _csb=$_csb== ;; 3) _csb=$_csb= ;; esac
elif [ $((_csn%4)) != 0 ] || [ $_csc -gt 2 ] || [ -n "$(printf %s "$_csb" | tail -c $_csc | tr -d =)" ]; then _csbad "not standard base64"; fi
[ $_csn -le @MAXTEXT@ ] || _csbad "@TEXTCAP@"
printf %s "$_csb" | base64 -d >"$_csM" 2>/dev/null || _csbad "not standard base64"
_csb=; _csS=$(wc -c <"$_csM"); _csS=$((_csS)); _csco=0; _csce=0; _csC=
[ $_csS -le @MAXBYTES@ ] || _csbad "@BYTESCAP@"
#: _csrd OFF LEN: _csC holds the bytes from OFF on (decimal words of one od call, reused while they cover OFF..OFF+LEN); skip _csd words
_csrd() {
  _csz=$(($1+$2)); [ $_csz -le $_csS ] || _csz=$_csS
  if [ $1 -lt $_csco ] || [ $_csz -gt $_csce ]; then
    _csco=$1; _csce=$((_csz>$1+160?_csz:$1+160)); [ $_csce -le $_csS ] || _csce=$_csS
    _csC=$(od -An -tu1 -v -j $_csco -N $((_csce-_csco)) "$_csM")
  fi
  _csd=$(($1-_csco))
}
#: one varint from the words in "$@" (as protobuf's Go runtime: at most 10 bytes, the 10th at most 1): _csv value (2^40 when above 2^35), _csn bytes
_csvr='_csv=0; _css=1; _csn=0; while :; do [ $# -gt 0 ] || { _csy="byte $_csa: truncated varint"; return 1; }; _csn=$((_csn+1)); _csq=$1; shift
if [ $_csn = 10 ] && [ $_csq -gt 1 ]; then _csy="byte $_csa: varint longer than 10 bytes"; return 1; fi
[ $((_csq%128)) = 0 ] || if [ $_csn -gt 5 ]; then _csv=1099511627776; else _csv=$((_csv+_csq%128*_css)); fi
[ $_csq -lt 128 ] && break; [ $_csn -ge 5 ] || _css=$((_css*128)); done'
#: _cstg OFF END: the field header at OFF: _csF number, _csK wire type, _csP payload offset, _csL payload length, _csO next offset; _csy says what is wrong
_cstg() {
  _csa=$1; _cs0=$1; _cse=$2; _csrd $1 20; set -- $_csC; shift $_csd; eval "$_csvr"
  [ $_csv -ge 8 ] && [ $_csv -le 4294967295 ] || { _csy="byte $_csa: field number 0 or above 2^29-1"; return 1; }
  _csF=$((_csv/8)); _csK=$((_csv%8)); _csP=$((_csa+_csn)); _csL=0; _csa=$_csP
  [ $_csP -le $_cse ] || { _csy="byte $_csa: truncated field header"; return 1; }
  case $_csK in
  0) eval "$_csvr"; _csL=$_csn ;; 1) _csL=8 ;; 5) _csL=4 ;; 3|4) ;;
  2) eval "$_csvr"; [ $_csv -le 2147483647 ] || { _csy="byte $_csa: length above 2^31-1"; return 1; }; _csP=$((_csP+_csn)); _csL=$_csv
    [ $((_csP+_csL)) -le $_cse ] || { _csy="byte $_csa: length $_csL goes beyond the remaining input"; return 1; } ;;
  *) _csy="byte $_cs0: wire type $_csK does not exist"; return 1 ;;
  esac
  _csO=$((_csP+_csL)); [ $_csO -le $_cse ] || { _csy="byte $_csa: truncated field"; return 1; }
}
#: _csfld OFF END: as _cstg, a group (wire type 3) skipped whole to its matching end, nested at most as deep as Go allows
_csfld() {
  _cstg $1 $2 || return 1
  [ $_csK != 4 ] || { _csy="byte $1: end-group tag outside a group"; return 1; }
  [ $_csK = 3 ] || return 0
  _csgf=$_csF; _csgp=$_csP; _csg=1; _csg_1=$_csF
  while [ $_csg -gt 0 ]; do
    _csgo=$_csO; _cstg $_csO $2 || return 1
    if [ $_csK = 3 ]; then _csg=$((_csg+1)); [ $_csg -le @MAXGROUPDEPTH@ ] || { _csy="byte $_csgo: groups nested more than @MAXGROUPDEPTH@ deep"; return 1; }; eval "_csg_$_csg=$_csF"
    elif [ $_csK = 4 ]; then eval "[ $_csF = \$_csg_$_csg ]" || { _csy="byte $_csgo: end-group tag does not match its group"; return 1; }; _csg=$((_csg-1)); fi
  done
  _csF=$_csgf; _csK=3; _csP=$_csgp; _csL=$((_csO-_csgp))
}
#: _csu8 N BYTE...: the first N bytes are valid UTF-8 (Go's proto3 decoder requires it of strings)
_csu8() {
  _csm=$1; shift; _csc=0; for _csq do
    [ $_csm -gt 0 ] || break; _csm=$((_csm-1))
    if [ $_csc -gt 0 ]; then [ $_csq -ge $_csg1 ] && [ $_csq -le $_csh1 ] || return 1; _csg1=128; _csh1=191; _csc=$((_csc-1))
    elif [ $_csq -lt 128 ]; then :
    elif [ $_csq -ge 194 ] && [ $_csq -le 223 ]; then _csc=1; _csg1=128; _csh1=191
    elif [ $_csq -ge 224 ] && [ $_csq -le 239 ]; then _csc=2; _csg1=128; _csh1=191; [ $_csq != 224 ] || _csg1=160; [ $_csq != 237 ] || _csh1=159
    elif [ $_csq -ge 240 ] && [ $_csq -le 244 ]; then _csc=3; _csg1=128; _csh1=191; [ $_csq != 240 ] || _csg1=144; [ $_csq != 244 ] || _csh1=143
    else return 1; fi
  done; [ $_csc = 0 ]
}
#: _csen N BYTE...: _csX the first N bytes for printf %b (. and / as they are, others \0ooo: one line, a canonical key);
#: _csH the same as hex (/ as it is, . as 2e, others two hex digits);
#: _csY the same for display, as printable (lib/core) shows it: C0, DEL and C1 controls as \xHH, U+2028/2029 and the
#: bidi overrides and isolates as \u{HHHH}, a backslash doubled. 1 on a NUL byte
_csen() {
  _csm=$1; shift; _csX=; _csY=; _csH=; _csh=0
  for _csq do
    [ $_csm -gt 0 ] || break; _csm=$((_csm-1)); [ $_csq != 0 ] || return 1
    case $_csq in 46) _csX=$_csX.; _csY=$_csY.; _csH=$_csH"2e"; continue ;; 47) _csX=$_csX/; _csY=$_csY/; _csH=$_csH/; continue ;; esac
    _cso8=\\0$((_csq/64))$((_csq/8%8))$((_csq%8)); _csX=$_csX$_cso8; _csxd $((_csq/16)); _csxu=$_csxv; _csxd $((_csq%16)); _csH=$_csH$_csxu$_csxv
    case $_csh in
    1) _csh=0; [ $_csq -lt 160 ] || { _csY=$_csY\\0302$_cso8; continue; } ;;
    2) case $_csq in 128) _csh=3 ;; 129) _csh=4 ;; *) _csh=0; _csY=$_csY\\0342$_cso8 ;; esac; continue ;;
    3) _csh=0; if [ $_csq -ge 168 ] && [ $_csq -le 174 ]; then _csY=$_csY\\\\u{202$_csxv}; else _csY=$_csY\\0342\\0200$_cso8; fi; continue ;;
    4) _csh=0; if [ $_csq -ge 166 ] && [ $_csq -le 169 ]; then _csY=$_csY\\\\u{206$_csxv}; else _csY=$_csY\\0342\\0201$_cso8; fi; continue ;;
    *) case $_csq in 194) _csh=1; continue ;; 226) _csh=2; continue ;; 92) _csY=$_csY\\\\\\\\; continue ;; esac
      if [ $_csq -ge 32 ] && [ $_csq != 127 ]; then _csY=$_csY$_cso8; continue; fi ;;
    esac
    _csY=$_csY\\\\x$_csxu$_csxv
  done
  case $_csh in 1) _csY=$_csY\\0302 ;; 2) _csY=$_csY\\0342 ;; 3) _csY=$_csY\\0342\\0200 ;; 4) _csY=$_csY\\0342\\0201 ;; esac
}
#: _csxd N: _csxv is hex digit N (0-15)
_csxd() { case $1 in 10) _csxv=a ;; 11) _csxv=b ;; 12) _csxv=c ;; 13) _csxv=d ;; 14) _csxv=e ;; 15) _csxv=f ;; *) _csxv=$1 ;; esac; }
#: _csesc TEXT: _csZ is TEXT as printed (controls escaped)
_csesc() { _csu=$(printf %s "$1" | od -An -tu1 -v); _csen 999999 $_csu || :; _csZ=$(printf %b "$_csY"); [ -n "$_csZ" ] || _csZ=/; }
#: _cscl PATH: append the components of PATH to _csR, a clean absolute path ("" is /), as Go's filepath.Clean; _csup: drop the last
_cscl() { IFS=/; for _csc in $1; do case $_csc in ''|.) ;; ..) _csup ;; *) _csR=$_csR/$_csc ;; esac; done; unset IFS; }
#: _cshc HEX: _csH is the clean path of HEX (as _csen's _csH) as hex of its bytes
_cshc() { _csR=; IFS=/; for _csc in $1; do case $_csc in ''|2e) ;; 2e2e) _csup ;; *) _csR=$_csR/$_csc ;; esac; done; IFS=/; _csH=; for _csc in $_csR; do [ -z "$_csc" ] || _csH=$_csH"2f"$_csc; done; unset IFS; [ -n "$_csH" ] || _csH=2f; }
_csup() { IFS=/; _csuq=; _csul=; for _csc in $_csR; do [ -z "$_csc" ] || { _csuq=$_csuq$_csul; _csul=/$_csc; }; done; _csR=$_csuq; unset IFS; }
#: _csrl MSG: the first rule problem of a target, refused once the whole manifest has decoded (a wire error wins)
_csrl() { [ -n "$_csrp" ] || _csrp=$1; }
_cshk=; _cshd=; _csnt=; _cso=0; _csj=0; _csi=0; _csrp=
while [ $_cso -lt $_csS ]; do
  _csfld $_cso $_csS || _csbad "$_csy"
  _csx=$_csO
  if [ $_csF = 19 ]; then
    [ $_csK = 2 ] || _csbad "byte $_cso: secret[$_csj] (field 19) has the wrong wire type"
    [ $_csj -lt @MAXENTRIES@ ] || _csbad "byte $_cso: @ENTRIESCAP@"
    _csr=$_csP; _csfp=0; _csfl=0; _csvp=0; _csvl=0; _csel=0
    while [ $_csr -lt $_csx ]; do
      _csfld $_csr $_csx || _csbad "secret[$_csj]: $_csy"
      case $_csF:$_csK in
      1:2) _csel=$_csL; [ $_csL = 0 ] || { _csrd $_csP $_csL; set -- $_csC; shift $_csd; _csu8 $_csL "$@"; } || _csbad "byte $_csP: secret[$_csj]: env_name is not valid UTF-8" ;;
      2:2) _csfp=$_csP; _csfl=$_csL ;; 3:2) _csvp=$_csP; _csvl=$_csL ;; [123]:*) _csbad "byte $_csr: secret[$_csj]: field $_csF has the wrong wire type" ;;
      esac
      _csr=$_csO
    done
    if [ $_csfl -gt 0 ]; then
      _csrd $_csfp $_csfl; set -- $_csC; shift $_csd; _cst=0
      if [ $1 = 126 ] && [ $_csfl -gt 1 ] && [ $2 = 47 ]; then _cst=1; elif [ $1 != 47 ]; then _csrl "secret[$_csj]: file path must start with ~/ or /"; fi
      _csu8 $_csfl "$@" || _csbad "byte $_csfp: secret[$_csj]: file_path is not valid UTF-8"
      [ $_cst = 0 ] || shift 2
      _csen $((_csfl-2*_cst)) "$@" || _csrl "secret[$_csj]: file path must not contain null bytes"
      [ $_csfl -le 4096 ] || _csrl "secret[$_csj]: file path must not exceed 4096 bytes"
      _csR=
      if [ $_cst = 1 ]; then
        if [ -z "$_cshk" ]; then _cshk=-; eval "_csu=$_csD{HOME-}"; case $_csu in /*) _cshx=$_csX; _cshy=$_csY; _cshz=$_csH; _csu=$(printf %s "$_csu" | od -An -tu1 -v); _csen 999999 $_csu || :; _cshk=$_csX; _cshd=$_csY; _cshH=$_csH; _csX=$_cshx; _csY=$_cshy; _csH=$_cshz ;; esac; fi
        if [ "$_cshk" = - ]; then _csR=-; else _cscl "$_cshk"; fi
      fi
      [ "$_csR" = - ] || _cscl "$_csX"
      _csfk=$_csR; [ "$_csfk" = - ] || { [ $_cst = 0 ] || _csH=$_cshH/$_csH; _cshc "$_csH"; eval "_csN_$_csH=1"; }
      _csR=; [ $_cst = 0 ] || [ "$_cshk" = - ] || _cscl "$_cshd"; _cscl "$_csY"
      _csi=$((_csi+1)); eval "_csf_$_csi=\$_csfk _csq_$_csi=\$_csR _csn_$_csi=$_csj _csv_$_csi=$_csvp _csl_$_csi=$_csvl _css_$_csi= _csh_$_csi=$_csH"
    elif [ $_csel = 0 ]; then _csnt="$_csnt $_csj"; fi
    _csj=$((_csj+1))
  fi
  _cso=$_csx
done
[ -z "$_csrp" ] || _csbad "$_csrp"
for _csu in $_csnt; do _cssay "warning: secret[$_csu] has neither env_name nor file_path (Coder's agent skips it); skipped"; done
#: Collisions, linear after one sort: per clean path the last entry wins; _css_I names the winner of a loser
_cst=$(printf '\t'); _csk=0
while [ $_csk -lt $_csi ]; do _csk=$((_csk+1)); eval "_csu=\$_csf_$_csk"; [ "$_csu" = - ] || printf 'k%s\t%s\n' "$_csu" $_csk; done >"$_csT/k"
LC_ALL=C sort -t "$_cst" -k1,1 -k2,2n "$_csT/k" >"$_csT/s"
_csqk=-; _csqi=; _csql=
_csfw() { for _csc in $_csql; do eval "_css_$_csc=$_csqi"; done; _csql=; }
while IFS=$_cst read -r _csu _csc; do
  if [ "$_csu" = "$_csqk" ]; then _csql="$_csql $_csqi"; else _csfw; fi; _csqk=$_csu; _csqi=$_csc
done <"$_csT/s"
_csfw
#: _csst PATH: _csI inode, _csA mode string, _csU owner uid, _csSz size (of PATH itself, links not followed); 1 when it cannot be read
_csst() { set -- $(ls -lndi -- "$1" 2>/dev/null) && [ $# -ge 6 ] && _csI=$1 && _csA=$2 && _csU=$4 && _csSz=$6; }
_csru="every directory on the way to a secret file, and every link followed, must be owned by you or root, and no such directory may be writable by group or others unless it is sticky (as OpenSSH's StrictModes); fix the owner or mode, or choose another path"
#: _csok PATH d|l: PATH (a directory, or a link) passes the trust rule; else says why (the target is refused)
_csok() {
  _csst "$1" || { _csesc "$1"; _cssay "$_csV: cannot inspect $_csZ$_csVs"; return 1; }
  [ $2 = d ] && _csk1=directory || _csk1=link
  if [ "$_csU" != 0 ] && [ "$_csU" != "$_csme" ]; then _csesc "$1"; _cssay "$_csV: $_csk1 $_csZ is owned by uid $_csU, not by you (uid $_csme) or root; $_csru$_csVs"; return 1; fi
  [ $2 = d ] || return 0
  case $_csA in ?????w*|????????w*) case $_csA in ?????????[tT]*) ;; *) _csesc "$1"; _cssay "$_csV: directory $_csZ is writable by group or others and not sticky; $_csru$_csVs"; return 1 ;; esac ;; esac
}
#: _cstw DIR: DIR (or its nearest existing ancestor) and every directory and link on the way, links followed, pass _csok; _cslk names the links
_cstw() {
  _cslk=; _cswc=; _cswh=0; _csok / d || return 1
  IFS=/; set -- $1; unset IFS
  while [ $# -gt 0 ]; do
    _csc=$1; shift
    case $_csc in ''|.) continue ;; ..) _csR=$_cswc; _csup; _cswc=$_csR; continue ;; esac
    _csc=$_cswc/$_csc
    if [ -L "$_csc" ]; then
      _csok "$_csc" l || return 1
      _cswh=$((_cswh+1)); [ $_cswh -le 40 ] || { _cssay "$_csV: more than 40 links on the way$_csVs"; return 1; }
      _cslt=$(readlink -- "$_csc") || { _cssay "$_csV: cannot read a link on the way$_csVs"; return 1; }
      _csesc "$_csc"; _csld=$_csZ; _csesc "$_cslt"; _cslk="$_cslk; followed link $_csld -> $_csZ"
      case $_cslt in /*) _cswc= ;; esac
      IFS=/; set -- $_cslt "$@"; unset IFS; continue
    fi
    [ -d "$_csc" ] || return 0
    _csok "$_csc" d || return 1; _cswc=$_csc
  done
}
#: _csput: write entry _csk to its clean path (_csf_K); 0 written, 1 failed or refused (said)
_csput() {
  eval "_csvp=\$_csv_$_csk _csvl=\$_csl_$_csk"; _csu=$(printf %b "$_csR/."); _csR=; _cscl "$_csu"; _cstr=$_csR
  if [ -z "$_cstr" ]; then _cssay "failed secret[$_csj]: / is a directory"; return 1; fi
  _csR=$_cstr; _csup; _csdd=$_csR
  _csfw=0; if [ "$_csdd" != "$_cslw" ]; then _cslw=-; _csfw=1; _cstw "$_csdd/" || return 1; fi
  _csR=$_cstr
  if [ -L "$_csR" ]; then _cssay "refused secret[$_csj]: $_csE is a symbolic link; links are never followed (the link and its target are left untouched; remove the link to let the secret be written)"; return 1; fi
  if [ -d "$_csR" ]; then _cssay "failed secret[$_csj]: $_csE is a directory"; return 1; fi
  if [ -e "$_csR" ] && [ ! -f "$_csR" ]; then _cssay "refused secret[$_csj]: $_csE is not a regular file (a device, FIFO or socket); it is left untouched"; return 1; fi
  if [ ! -d "$_csdd/" ]; then mkdir -p -- "$_csdd/" 2>/dev/null || { _cssay "failed secret[$_csj]: $_csE: cannot create its directory"; return 1; }; fi
  #: walked again after the first walk of this directory, whether we made it or it appeared meanwhile (another user's
  #: directory or link created first fails the rule now); once every part passes, none of them can change under us
  [ $_csfw = 0 ] || _cstw "$_csdd/" || return 1
  _cslw=$_csdd
  _csW=$(mktemp "$_csdd/@TMP@XXXXXXXX" 2>/dev/null) || { _csW=; _cssay "failed secret[$_csj]: $_csE: cannot create a temp file in its directory"; return 1; }
  if tail -c +$((_csvp+1)) "$_csM" | head -c $_csvl >"$_csW"; then [ -z "$_csSD" ] || _cs256 "$_csW"; else rm -f "$_csW"; _csW=; _cssay "failed secret[$_csj]: $_csE: cannot write"; return 1; fi
  _csmv "$_csR" || { _cssay "failed secret[$_csj]: $_csE: $_csu"; return 1; }
}
#: _csmv PATH: renames the temp file _csW (written) over PATH, then PATH must be its inode, yours, 0600 (else removed); 1 with _csu saying why not
_csmv() {
  _csi0=; _csst "$_csW" && _csi0=$_csI
  if mv -f -T -- "$_csW" "$1" 2>/dev/null; then _csW=; else rm -f "$_csW"; _csW=; _csu="cannot rename the temp file over it"; return 1; fi
  if _csst "$1" && [ "$_csI" = "$_csi0" ] && [ "$_csU" = "$_csme" ]; then case $_csA in -rw-------*) return 0 ;; esac; fi
  rm -f -- "$1"; _csu="after the rename it is not the 0600 file written (changed meanwhile); removed"; return 1
}
#: _cs256 FILE: _cshs is the SHA-256 of FILE's bytes as sha256sum prints it ("" when it cannot be read; stderr first, so
#: the shell's own message for a failed redirect, which names the path unescaped, is silenced too)
_cs256() { set -- $(sha256sum 2>/dev/null <"$1") ""; _cshs=$1; }
#: Stale files: the state file (_csSF, in _csSD) lists the files written (SHA-256, space, path as hex); _csSw says why there is none
_csSD=; _csSw=; _csSn=; _cshu=; _cshs=; _csnl='
'
if command -v sha256sum >/dev/null 2>&1; then
  eval "_csu=$_csD{XDG_STATE_HOME-}"; case $_csu in /*) ;; *) eval "_csu=$_csD{HOME-}"; case $_csu in /*) _csu=$_csu/.local/state ;; *) _csu= ;; esac ;; esac
  if [ -n "$_csu" ]; then _csR=; _cscl "$_csu/@STATEDIR@"; _csSD=$_csR; _csSF=$_csR/@VAR@.state; else _csSw="the home directory is unknown and XDG_STATE_HOME is not an absolute path (no state file)"; fi
else _csSw="sha256sum is not available (no state file read or written)"; fi
_csk=0; _csnw=0; _csns=0; _csnf=0; _cslw=-; _cslk=
while [ $_csk -lt $_csi ]; do
  _csk=$((_csk+1)); eval "_csR=\$_csf_$_csk _csq=\$_csq_$_csk _csj=\$_csn_$_csk _csw=\$_css_$_csk"
  if [ "$_csR" = - ]; then _cssay "warning: skipped secret[$_csj]: its file path starts with ~/ and the home directory is unknown (HOME is not set, empty or not an absolute path)"; _csns=$((_csns+1)); _cshu=1; continue; fi
  _csE=$(printf %b "$_csq"); [ -n "$_csE" ] || _csE=/; _csV="refused secret[$_csj]: $_csE"; _csVs=
  if [ -n "$_csw" ]; then eval "_csu=\$_csn_$_csw"; _cssay "warning: secret[$_csj] and secret[$_csu] resolve to the same file $_csE; the later one (secret[$_csu]) wins"; _csns=$((_csns+1)); continue; fi
  if _csput; then _csnw=$((_csnw+1)); printf '%s\n' "cdktf-coder-secrets: wrote secret[$_csj] to $_csE (0600)$_cslk"
    [ -z "$_cshs" ] || { eval "_csH=\$_csh_$_csk"; eval "_csN_$_csH=2"; _csSn=$_csSn$_cshs" "$_csH$_csnl; }
  else _csnf=$((_csnf+1)); fi
done
#: _csrs: the old state: _cso entries (_csoh_N hash, _csop_N hex path; _csox_N/_csoy_N the path for printf %b and for
#: display when the manifest does not name it), _csSo its text; a state file that breaks a rule is said and read as none
_csrs() {
  _cso=0; _csSo=$_csSh$_csnl; _csl=
  if [ -L "$_csSF" ]; then _csl="a symbolic link"
  elif [ ! -e "$_csSF" ]; then _csSo=-; return 0
  elif [ ! -f "$_csSF" ] || ! _csst "$_csSF"; then _csl="not a regular file"
  elif [ $_csSz -gt @MAXSTATE@ ]; then _csl="larger than @MAXSTATE@ bytes"
  #: read drops NUL bytes: made visible to the line rule first; the shell's own message for a failed redirect names the
  #: path unescaped, so it is silenced and the state counts as unreadable (as in the Node injector)
  elif [ ! -r "$_csSF" ]; then _csl="@NOREAD@"
  elif ! tr '\000' '!' 2>/dev/null <"$_csSF" >"$_csT/o"; then _csl="cannot read it"
  else
    _csn=0
    while :; do
      _csu=; IFS= read -r _csu || { [ -z "$_csu" ] && [ $_csn != 0 ] && break; _csl="line $((_csn+1))"; break; }
      _csn=$((_csn+1)); _csl="line $_csn"
      if [ $_csn = 1 ]; then [ "$_csu" = "$_csSh" ] || break; _csl=; continue; fi
      case $_csu in *[!0-9a-f\ ]*|*\ *\ *) break ;; @H64@\ 2f*) ;; *) break ;; esac
      set -- $_csu; _csSa=$1; _csSb=$2; eval "_csc=$_csD{#2} _csq=$_csD{_csO_$2-} _csr=$_csD{_csN_$2-}"
      [ $((_csc%2)) = 0 ] && [ -z "$_csq" ] || break
      _cso=$((_cso+1))
      if [ -z "$_csr" ]; then
        #: a path the manifest does not name: its bytes (00, not UTF-8 or not clean breaks the rule), for the removal
        set -- $(printf %s "$_csSb" | od -An -c -v); _csb=
        while [ $# -gt 1 ]; do _csb="$_csb $((0x$1$2))"; shift 2; done
        _csu8 999999 $_csb && _csen 999999 $_csb || break
        _csR=; _cscl "$_csX"; [ "$_csR" = "$_csX" ] || [ "$_csX" = / ] || break
        eval "_csox_$_cso=\$_csX _csoy_$_cso=\$_csY"
      fi
      eval "_csoh_$_cso=$_csSa _csop_$_cso=$_csSb _csO_$_csSb=1"; _csSo=$_csSo$_csu$_csnl; _csl=
    done <"$_csT/o"
  fi
  [ -n "$_csl" ] || return 0
  _cssay "warning: state file $_csSZ is unreadable ($_csl): nothing removed; it is rewritten after this run"; _cso=0; _csSo=-
}
#: _csws: writes _csSt as the state file (0700 directories, a temp file renamed and checked as a secret file is); 1 with _csu saying why not
_csws() {
  if [ ! -d "$_csSD/" ]; then
    mkdir -p -- "$_csSD/" 2>/dev/null || { _csu="cannot create its directory"; return 1; }
    _cstw "$_csSD/" || return 0
  fi
  _csW=$(mktemp "$_csSD/@TMP@XXXXXXXX" 2>/dev/null) || { _csW=; _csu="cannot create a temp file in its directory"; return 1; }
  printf %s "$_csSt" >"$_csW" || { _csu="cannot write"; return 1; }
  _csmv "$_csSF"
}
#: _csrf WHY: the candidate (line _csl of the state) could not be removed: said, kept in the state, exit 1
_csrf() { _csnx=1; _csS3=$_csS3$_csl; _cssay "failed to remove stale file $_csSy: $1 (it stays in the state; the next run tries again)"; }
_csSh="@STATEHEADER@"; _csnr=0; _csnk=; _csnx=
if [ -n "$_csSD" ] && { _csesc "$_csSF"; _csSZ=$_csZ; _csV="warning: state file $_csSZ not used"; _csVs="; nothing removed, no state written"; _cstw "$_csSD/"; }; then
  _csrs; _csS2=; _csS3=; _csk=0; _cscw=-
  [ -z "$_cshu" ] || _cssay "warning: the home directory is unknown and the manifest has ~/ entries: no stale file removed this run"
  #: each old entry not written this run: carried (the manifest names it, or the home is unknown), or a candidate
  while [ $_csk -lt $_cso ]; do
    _csk=$((_csk+1)); eval "_csu=\$_csop_$_csk _csh=\$_csoh_$_csk"; eval "_csq=$_csD{_csN_$_csu-}"; _csl=$_csh" "$_csu$_csnl
    [ "$_csq" != 2 ] || continue
    if [ -n "$_csq$_cshu" ]; then _csS2=$_csS2$_csl; continue; fi
    eval "_csX=\$_csox_$_csk _csY=\$_csoy_$_csk"; _csSy=$(printf %b "$_csY"); _csu=$(printf %b "$_csX/."); _csR=; _cscl "$_csu"; _cstr=$_csR; _csup; [ -n "$_cstr" ] || _cstr=/
    _csV="kept $_csSy"; _csVs=" (no longer in the manifest; left untouched)"; _csnj=$_csnk; _csnk=1
    #: a directory that passed the walk is not walked again for the next candidate in it (as for the writes, _cslw)
    _csq=$_csR; if [ "$_csq" != "$_cscw" ] && ! { _cstw "$_csq/" && _cscw=$_csq; }; then :
    elif [ ! -e "$_cstr" ] && [ ! -L "$_cstr" ]; then _csnk=$_csnj
    #: ls before opening: a FIFO or device is never opened; a file larger than any manifest is changed, unread; after
    #: the hash, ls again: another inode, mode or size there now is kept (a swap after that last ls cannot be seen)
    elif ! _csst "$_cstr" || case $_csA in -*) false ;; esac; then _cssay "$_csV: not a regular file$_csVs"
    elif [ ! -r "$_cstr" ]; then _csrf "@NOREAD@"
    elif [ $_csSz -gt @MAXBYTES@ ] || { _csid="$_csI $_csA $_csSz"; _cs256 "$_cstr"; [ "$_cshs" != "$_csh" ]; }; then _cssay "$_csV: changed since it was written (no longer in the manifest; remove it yourself if it is not needed)"
    elif ! _csst "$_cstr" || [ "$_csI $_csA $_csSz" != "$_csid" ]; then _cssay "$_csV: @REPLACED@$_csVs"
    elif rm -f -- "$_cstr" 2>/dev/null; then _csnr=$((_csnr+1)); printf '%s\n' "cdktf-coder-secrets: removed stale file $_csSy (written by an earlier run, no longer in the manifest)"
    else _csrf "cannot remove it"; fi
  done
  #: the new state: written this run, then the carried entries and the failed removals while the cap allows
  _csSt=$_csSh$_csnl$_csSn; eval "_csn=$_csD{#_csSt}"; IFS=$_csnl
  for _csl in $_csS2$_csS3; do eval "_csc=$_csD{#_csl}"; _csn=$((_csn+_csc+1)); [ $_csn -le @MAXSTATE@ ] || break; _csSt=$_csSt$_csl$_csnl; done; unset IFS
  _csV="warning: cannot write state file $_csSZ"; _csVs="; the secrets were delivered (the next run cannot remove what this one wrote)"
  [ "$_csSt" = "$_csSo" ] || _csws || _cssay "$_csV: $_csu$_csVs"
elif [ -n "$_csSw" ]; then _cssay "warning: stale files are not tracked: $_csSw"; fi
_csu=; [ -z "$_csnk" ] || _csu=", $_csnr stale removed"
printf '%s\n' "cdktf-coder-secrets: $_csnw file secrets written, $_csns skipped, $_csnf failed$_csu"
[ $_csnf = 0 ] && [ -z "$_csnx" ] || exit 1
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
  const keyProblem = stateKeyProblem(name);
  if (keyProblem !== undefined) throw new DeliveryScriptOptionsError(`manifestEnvVar names the state file of stale secret files: ${keyProblem}`);
  if (name.startsWith(INTERNAL_PREFIX)) {
    throw new DeliveryScriptOptionsError(`manifestEnvVar must not start with ${INTERNAL_PREFIX} (the script's own variables use that prefix), got ${JSON.stringify(name)}; choose another name`);
  }
  return TEMPLATE.replace(/^[ \t]*#:.*\n/gm, "").replace(/@VAR@/g, name).replace(/@TMP@/g, TEMP_FILE_PREFIX).replace(/@MAXGROUPDEPTH@/g, String(CAPS.maxGroupDepth))
    .replace(/@MAXTEXT@/g, String(CAPS.maxManifestTextChars))
    .replace(/@TEXTCAP@/g, capProblem("manifest text", "$_csn", CAPS.maxManifestTextChars, SCRIPT_CAP_FIX))
    .replace(/@MAXBYTES@/g, String(CAPS.maxManifestBytes))
    .replace(/@BYTESCAP@/g, capProblem("manifest bytes", "$_csS", CAPS.maxManifestBytes, SCRIPT_CAP_FIX))
    .replace(/@MAXENTRIES@/g, String(CAPS.maxEntries))
    .replace(/@MAXSTATE@/g, String(CAPS.maxStateBytes)).replace(/@STATEHEADER@/, STATE_HEADER).replace(/@STATEDIR@/, STATE_DIR_NAME).replace(/@H64@/, "?".repeat(64))
    .replace(/@REPLACED@/, REPLACED_WHILE_CHECKED).replace(/@NOREAD@/g, READ_DENIED)
    .replace(/@ENTRIESCAP@/g, capProblem("entries", `at least ${CAPS.maxEntries + 1}`, CAPS.maxEntries, SCRIPT_CAP_FIX));
}

/** One line for logs and the script's description: what it does, never what it carries. */
export function describeDeliveryScript(options: DeliveryScriptOptions): string {
  return `writes the file secrets of the manifest in $${options.manifestEnvVar} (0600, atomic rename, symlinks refused; needs only sh and coreutils)`;
}
