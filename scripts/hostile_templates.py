"""A hostile run against the template sandbox: ``python scripts/hostile_templates.py``.

Renders several hundred amplifying payloads (each operator, filter and text method that repeats,
pads, joins or replaces, at sizes 9, 99999 and 999999999, inside macros, set blocks, filter
blocks, loops and caller blocks; values doubled in loops and recursions; nested lists compared),
and every way of showing a function or other Python object, in child processes whose address
space is capped. Prints how they ended, the longest render and the largest growth of the peak
resident memory, and each payload that took over 2.2 s, grew memory past 64 MB, printed past
200,000 characters, showed a memory address, gave an empty reason or raised anything but a
template error; exits non-zero if there is one. Takes about a minute.
"""

import collections
import json
import subprocess
import sys

AMPS = [
    "'x' * {n}",
    "'%{n}d' % 1",
    "'%.{n}f' % 1.5",
    "'%s'|format(1) ~ ('%{n}s'|format(1))",
    "'x'|center({n})",
    "'x'.ljust({n})",
    "'x'.rjust({n})",
    "'x'.zfill({n})",
    "'x'.center({n})",
    "('a\\t' * 99).expandtabs({n})",
    "('a' * 999).replace('a', 'b' * ({n} % 99999))",
    "('a' * 999)|replace('a', 'b' * ({n} % 99999))",
    "range(99999)|join('y' * ({n} % 99999))",
    "'{{:{n}}}'['for' ~ 'mat'](1)",
    "'{{x:{n}}}'['format_map'](dict(x=1))",
    "('a' * 999)|indent({n})",
    "('a ' * 999)|wordwrap(10, wrapstring='x' * ({n} % 99999))",
    "[1] * {n}",
    "(range(99999)|list) * ({n} % 99999)",
    "range(9)|batch({n}, 'x')|list",
    "range(9)|slice({n}, 'x')|list",
    "({n}) ** ({n})",
    "9 ** {n}",
    "('x' * 999) ~ ('y' * {n})",
    "(range(999)|list) + (range({n} % 99999)|list)",
    "range({n})|list|length",
    "'x'|truncate({n}, end='y' * ({n} % 99999))",
    "range(99)|map('center', {n})|join",
    "('x' * 999)|wordwrap({n} % 99999)",
    "(range(999)|list)|tojson(indent={n})",
    "('x' * ({n} % 99999))|list|join('z' * 999)",
]
WRAPS = [
    "{{{{ {e} }}}}",
    "{{% macro m() %}}{{{{ {e} }}}}{{% endmacro %}}{{{{ m() }}}}",
    "{{% set v %}}{{{{ {e} }}}}{{% endset %}}{{{{ v|length }}}}",
    "{{% filter upper %}}{{{{ {e} }}}}{{% endfilter %}}",
    "{{% for i in range(99999) %}}{{{{ {e} }}}}{{% endfor %}}",
    "{{% macro c() %}}{{{{ caller() }}}}{{% endmacro %}}"
    "{{% call c() %}}{{{{ {e} }}}}{{% endcall %}}",
]
SIZES = [9, 99999, 999999999]
LOOP = "{% for i in range(64) %}"
GROWERS = [
    "{% set ns = namespace(s='xy') %}" + LOOP + "{% set ns.s = ns.s OP ns.s %}{% endfor %}"
    "{{ ns.s|length }}",
    "{% macro f(s) %}{{ f(s OP s) }}{% endmacro %}{{ f('ab') }}",
    "{% set ns = namespace(l=[1]) %}" + LOOP + "{% set ns.l = ns.l OP ns.l %}{% endfor %}"
    "{{ ns.l|length }}",
    "{% set ns = namespace(a=[1], b=[1]) %}" + LOOP + "{% set ns.a = [ns.a, ns.a] %}"
    "{% set ns.b = [ns.b, ns.b] %}{% endfor %}{{ ns.a OP2 ns.b }}",
    "{% for x in range(99) recursive %}{{ loop(range(99)) }}{% endfor %}",
    "{% for i in range(99999) %}{% for j in range(99999) %}{% set ns = namespace(a=i OP j) %}"
    "{% endfor %}{% endfor %}",
    "{% set ns = namespace(d={}) %}{% for i in range(99999) %}"
    "{% set ns.d = dict(ns.d, **{('k' ~ i): i}) %}{% endfor %}",
    "{% set c = cycler(*range(99999)) %}{% for i in range(99999) %}"
    "{{ c.next() OP c.next() }}{% endfor %}",
    "{% for i in range(99999) %}{{ loop.cycle('x' * 9999, 'y') }}{% endfor %}",
]
INTERNALS = [
    "weekday",
    "in_days",
    "format_date",
    "cycler(1)",
    "joiner()",
    "namespace()",
    "[1]|map('upper')",
    "range(3)|select",
    "''.upper",
    "dict.fromkeys",
    "loop",
    "caller",
    "range",
    "lipsum",
    "self",
    "dict",
]
INTERNAL_USES = [
    "{{{{ {x} }}}}",
    "{{{{ {x}|string }}}}",
    "{{{{ 'a' ~ {x} }}}}",
    "{{{{ '%s' % {x} }}}}",
    "{{{{ [{x}]|join }}}}",
    "{{{{ {x}|pprint }}}}",
    "{{{{ ({x}|string)[-13:-1] }}}}",
    "{{{{ [{x}] }}}}",
    "{{{{ {x}|e }}}}",
    "{{{{ '{{}}'['for' ~ 'mat']({x}) }}}}",
    "{{% for i in range(1) %}}{{{{ {x} }}}}{{% endfor %}}",
]

payloads = [w.format(e=a.format(n=n)) for a in AMPS for n in SIZES for w in WRAPS]
payloads += [
    g.replace("OP2", op2).replace("OP", op)
    for g in GROWERS
    for op in ("~", "+", "*", "%")
    for op2 in ("==", "<")
]
# Found by a second hostile tester: shared lists built where nothing weighed them, quadratic
# regexes, bytes, format fields repeated, block references, join by attribute, reprs of helpers.
_DOUBLE = "{% set ns = namespace(a=[1], b=[1]) %}{% for i in range(40) %}"
payloads += [
    _DOUBLE + "{% set ns.a = cycler(ns.a, ns.a).items %}{% set ns.b = cycler(ns.b, ns.b).items %}"
    "{% endfor %}{{ ns.a == ns.b }}",
    "{% set a = {} %}{% set b = {} %}{% for i in range(41) %}{% set _ = dict.update(a, {i: {}}) %}"
    "{% set _ = dict.update(b, {i: {}}) %}{% endfor %}{% for i in range(40) %}"
    "{% set _ = dict.update(a[i], {'x': a[i+1], 'y': a[i+1]}) %}"
    "{% set _ = dict.update(b[i], {'x': b[i+1], 'y': b[i+1]}) %}{% endfor %}{{ a[0] == b[0] }}",
    _DOUBLE + "{% set ns.a = dict(a=ns.a, b=ns.a).values() %}"
    "{% set ns.b = dict(a=ns.b, b=ns.b).values() %}{% endfor %}{{ ns.a|list == ns.b|list }}",
    "{{ ('.' * 100000 ~ 'a.')|urlize }}",
    "{{ ('\t' * 100000)|wordwrap(1) }}",
    "{{ (1).to_bytes(999999999, 'big')|length }}",
    "{{ ((1).to_bytes(1, 'big') * 999999999)|length }}",
    "{% set s = 'x' * 50000 %}{{ ('{0}' * 20000)['for' ~ 'mat'](s)|length }}",
    "{% set s = 'x' * 50000 %}{{ ('%(a)s' * 20000)|format(a=s)|length }}",
    "{% set s = 'x' * 50000 %}{{ (('%(a)s' * 20000) % {'a': s})|length }}",
    "{% if false %}{% block a %}{% set s = 'x' * 200000 %}{% for i in range(5000) %}{{ s }}"
    "{% endfor %}{% endblock %}{% endif %}{{ self.a()|length }}",
    "{% set s = 'x' * 200000 %}{{ ([[s]] * 5000)|join(attribute=0)|length }}",
    "{{ today.strftime('%A' * 99999)|length }}",
    "{% set s = 'ß' * 199999 %}{{ s.upper()|length }}",
    "{{ weekday(weekday) }} / {{ format_date(in_days) }} / {{ weekday(dict) }}",
    "{{ format_date(self) }}",
    "{{ in_days(dict) }}",
    "{{ [today] }} {{ range(3) }}",
    "{% call dict() %}{% endcall %}",
    "{% call m() %}{% endcall %}",
]
payloads = list(dict.fromkeys(payloads))
internals = [u.format(x=x) for x in INTERNALS for u in INTERNAL_USES]

CHILD = r"""
import json, re, resource, sys, time
from itfriend.core.templates import TemplateDraft, render_template, TemplateError
from itfriend.core.templates.environment import compile_text
vm = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (vm + 3 * 2**29, vm + 3 * 2**29))
LEAK = r"0x[0-9a-f]{6,}|<function|<built-in| object at |<class '|<locals>"
out = []
for body in json.loads(sys.stdin.read()):
    try:
        compile_text(body)
    except TemplateError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    try:
        m = render_template(TemplateDraft("hostile", "s", body), {"person": {"name": "Ann"}})
        kind, text = "rendered", m.subject + m.body
    except TemplateError as e:
        kind, text = ("limit" if getattr(e, "limit", None) else "refused"), str(e)
    except BaseException as e:
        name = type(e).__name__
        kind = "missing" if name == "MissingValuesError" else "OTHER " + name
        text = str(e)[:200]
    out.append({"kind": kind, "s": time.perf_counter() - t,
                "mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024,
                "addr": bool(re.search(LEAK, text)),
                "empty": text.rstrip().endswith(":"), "len": len(text)})
print(json.dumps(out))
"""


def run(batch):
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        input=json.dumps(batch),
        capture_output=True,
        text=True,
        timeout=60 + 3 * len(batch),
    )
    if done.returncode != 0:
        return [
            {
                "kind": "CHILD DIED " + done.stderr[-300:],
                "s": 0,
                "mb": 0,
                "addr": False,
                "empty": False,
                "len": 0,
            }
        ] * len(batch)
    return json.loads(done.stdout)


results = []
for batch in [payloads[i : i + 40] for i in range(0, len(payloads), 40)] + [internals]:
    results += list(zip(batch, run(batch), strict=True))
kinds = collections.Counter(r["kind"] for _, r in results)
print("payloads:", len(payloads), "internals:", len(internals), "kinds:", dict(kinds))
print(
    f"max seconds: {max(r['s'] for _, r in results):.2f}",
    f"max MB growth: {max(r['mb'] for _, r in results):.1f}",
)
bad = 0
for p, r in results:
    if (
        r["s"] > 2.2
        or r["mb"] > 64
        or r["addr"]
        or r["empty"]
        or r["kind"].startswith(("OTHER", "CHILD"))
        or r["len"] > 200_500
    ):
        print("!!", r, p[:150])
        bad += 1
int_rendered = [p for p, r in results[len(payloads) :] if r["kind"] == "rendered"]
print("internal objects that rendered (without a repr):", len(int_rendered), int_rendered[:10])
sys.exit(1 if bad else 0)
