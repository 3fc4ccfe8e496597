/**
 * Go's `os.Expand`, which Coder's agent applies (via `os.ExpandEnv`) to every template env value
 * (`coder_agent.env`, `coder_env`) but not to user secrets. Go has no escape: `$$` expands the special
 * variable `$` (empty), `${}` and an unterminated `${` are eaten.
 */

function isShellSpecial(c: string): boolean {
  return "*#$@!?-0123456789".includes(c);
}

function isAlphaNum(c: string): boolean {
  return /^[A-Za-z0-9_]$/.test(c);
}

/** Go's getShellName: the name after a `$` and how many characters it spans (0 = not a name). */
function shellName(s: string): { name: string; width: number } {
  if (s[0] === "{") {
    if (s.length > 2 && isShellSpecial(s[1]) && s[2] === "}") return { name: s[1], width: 3 };
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "}") return i === 1 ? { name: "", width: 2 } : { name: s.slice(1, i), width: i + 1 };
    }
    return { name: "", width: 1 };
  }
  if (isShellSpecial(s[0])) return { name: s[0], width: 1 };
  let i = 0;
  while (i < s.length && isAlphaNum(s[i])) i++;
  return { name: s.slice(0, i), width: i };
}

/** What the agent turns `value` into, given the agent process environment as `lookup`. */
export function expandLikeAgent(value: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  let last = 0;
  for (let j = 0; j < value.length; j++) {
    if (value[j] !== "$" || j + 1 >= value.length) continue;
    out += value.slice(last, j);
    const { name, width } = shellName(value.slice(j + 1));
    if (name === "" && width === 0) out += "$";
    else if (name !== "") out += lookup(name) ?? "";
    j += width;
    last = j + 1;
  }
  return last === 0 ? value : out + value.slice(last);
}

/** True when the agent's `$` expansion would change `value` for some environment (the value is then mangled). */
export function hasExpansionHazard(value: string): boolean {
  for (let j = 0; j + 1 < value.length; j++) {
    if (value[j] === "$" && shellName(value.slice(j + 1)).width > 0) return true;
  }
  return false;
}
