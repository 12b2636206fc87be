#!/usr/bin/env python3
"""--query and --output text: the awsml CLI against the AWS CLI (v1) and against jmespath.py, the
JMESPath library the AWS CLI runs.

A test server on 127.0.0.1 answers GetMLModel with one answer carrying hard values (int64
extremes, escapes, non-ASCII text, a map, nested structures, epoch timestamps) and
DescribeMLModels with pages of results. Then:
1. jmespath.py, in this process: for each of many expressions (paths, projections, filters,
   slices, multi-selects, pipes, literals and every built-in function, on the answer and on
   literals), `awsml ... --query EXPR` must print exactly what json.dumps(jmespath.search(EXPR,
   answer), indent=4, ensure_ascii=False) prints; an expression jmespath.py refuses must fail
   with its message ("Bad value for --query ...") and exit 255, printing nothing.
2. The AWS CLI: for a set of those expressions, both CLIs' stdout must be byte for byte the same
   in --output json, text and table, for GetMLModel and for the paginated DescribeMLModels
   (merged pages in json and table, page by page in text, with --max-items' NextToken).
3. Tables: shapes only a query makes, colours, East Asian widths, and the default format
   (AWS_DEFAULT_OUTPUT, the profile's output) against the AWS CLI.
Usage: test_cli_query.py AWSML_CLI"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from checks import check  # noqa: E402
import aws_program  # noqa: E402
import checks  # noqa: E402
import json_service  # noqa: E402

cli_bin = sys.argv[1]


def skip(message):
    """Absent tools skip with a message, unless CI requires them (AWSML_REQUIRE_VECTORS=1)."""
    if os.environ.get("AWSML_REQUIRE_VECTORS") == "1":
        raise SystemExit(message)
    print("SKIPPED:", message)


try:
    import jmespath  # botocore's dependency: present wherever the AWS CLI is
except ImportError:
    skip("python3 cannot import jmespath (pip install jmespath)")
    raise SystemExit(0)

MODEL = {
    "MLModelId": "ml-\u00e9t\u00e9 \"quoted\" \\ tab\t",
    "TrainingDataSourceId": "ds-1",
    "CreatedByIamUser": "arn:aws:iam::123456789012:user/\u4e2d\u6587",
    "CreatedAt": 1435184201.123,
    "LastUpdatedAt": 1700000000,
    "Name": "line one\nline two \U0001F600",
    "Status": "COMPLETED",
    "SizeInBytes": 9223372036854775807,
    "EndpointInfo": {"PeakRequestsPerSecond": -2147483648, "CreatedAt": 1435184201.5,
                     "EndpointUrl": "https://realtime.machinelearning.us-east-1.amazonaws.com",
                     "EndpointStatus": "READY"},
    "TrainingParameters": {"sgd.maxPasses": "10", "sgd.shuffleType": "auto",
                           "sgd.l2RegularizationAmount": "1e-08", "empty": ""},
    "InputDataLocationS3": "s3://bucket/data.csv",
    "MLModelType": "BINARY",
    "ScoreThreshold": 0.30000001192092896,  # the float 0.3 as the service writes it: widened
    "ScoreThresholdLastUpdatedAt": 1435184201,
    "LogUri": "https://logs/\u00e9",
    "Message": "",
    "ComputeTime": -9223372036854775808,
    "FinishedAt": 1435184300.25,
    "StartedAt": 1435184202,
    "Recipe": "{\n  \"groups\": {}\n}",
    "Schema": "{\"version\": \"1.0\"}",
}
RESULTS = [{"MLModelId": "ml-%02d" % i, "Name": "model %d \u00e9" % i,
            "Status": ("COMPLETED", "FAILED", "INPROGRESS")[i % 3], "SizeInBytes": 1000 * i - 3,
            "ScoreThreshold": (0.5, 0.10000000149011612, 0.75)[i % 3], "CreatedAt": 1435184201 + i,
            "TrainingParameters": {"sgd.maxPasses": str(i)}} for i in range(7)]


def answer_for(target, request):
    if target == "GetMLModel" and request.get("MLModelId", "").startswith("at-"):  # a CreatedAt
        text = request["MLModelId"][3:]
        return dict(MODEL, CreatedAt=float(text) if "." in text else int(text))
    if target == "GetMLModel":
        return MODEL
    start = int(request.get("NextToken", "0"))
    limit = request.get("Limit", 3)
    page = {"Results": RESULTS[start:start + limit]}
    if start + limit < len(RESULTS):
        page["NextToken"] = str(start + limit)
    return page


server, endpoint = json_service.serve(lambda operation, body: (200, answer_for(operation, json.loads(body or b"{}"))))
GET = ["get-ml-model", "--ml-model-id", "ml-1"]
DESCRIBE = ["describe-ml-models"]

# Over the answer: paths, projections, filters, slices, multi-selects, pipes, comparisons.
ON_ANSWER = [
    "MLModelId", "Name", "SizeInBytes", "ComputeTime", "CreatedAt", "LastUpdatedAt", "ScoreThreshold",
    "EndpointInfo", "EndpointInfo.EndpointUrl", "EndpointInfo.PeakRequestsPerSecond", "NoSuchMember",
    "EndpointInfo.NoSuch.Deeper", "TrainingParameters", 'TrainingParameters."sgd.maxPasses"',
    "TrainingParameters.*", "*", "EndpointInfo.*", "[MLModelId, Status, SizeInBytes]",
    "{id: MLModelId, size: SizeInBytes, at: EndpointInfo.CreatedAt, none: NoSuch}",
    "{Id: MLModelId}.Id", "[Status, NoSuch][0]", "keys(@)", "values(EndpointInfo)", "length(keys(@))",
    "keys(TrainingParameters) | sort(@)", "sort(values(TrainingParameters))", "length(Name)",
    "reverse(Name)", "type(SizeInBytes)", "type(Name)", "type(EndpointInfo)", "type(NoSuch)",
    "to_string(SizeInBytes)", "to_string(EndpointInfo)", "to_string(Name)", "to_number('42')",
    "to_number(TrainingParameters.\"sgd.l2RegularizationAmount\")", "to_number(' 7 ')", "to_number('x')",
    "Status == 'COMPLETED'", "Status != `\"COMPLETED\"`", "SizeInBytes > `0`", "ComputeTime < `0`",
    "Message || 'no message'", "Message && 'never'", "Name && Status", "!Message", "!Name",
    "starts_with(MLModelId, 'ml-')", "ends_with(InputDataLocationS3, '.csv')", "contains(Name, 'two')",
    "contains(keys(@), 'Schema')", "not_null(NoSuch, Message, Status)", "merge(EndpointInfo, {EndpointStatus: 'X'})",
    "abs(ComputeTime)", "abs(EndpointInfo.PeakRequestsPerSecond)", "ceil(CreatedAt)", "floor(FinishedAt)",
    "Recipe", "Schema", "@", "EndpointInfo | [EndpointStatus, EndpointUrl]", "to_array(Status)",
    "join(', ', [MLModelId, Status, 'x'])", "max([CreatedAt, StartedAt, FinishedAt])",
    "min([CreatedAt, StartedAt, FinishedAt])", "sum([CreatedAt, FinishedAt])", "avg([ScoreThreshold, `1`])",
    "sum([SizeInBytes, `1`])", "[SizeInBytes, ComputeTime] | sort(@)",
]
# Over literals: the language's corners and every function's cases.
ON_LITERALS = [
    "`[1, 2, 3, 4, 5, 6]`[1:4]", "`[1, 2, 3, 4, 5, 6]`[::2]", "`[1, 2, 3, 4, 5, 6]`[::-1]",
    "`[1, 2, 3, 4, 5, 6]`[-2:]", "`[1, 2, 3, 4, 5, 6]`[5:1:-2]", "`[1, 2, 3]`[-1]", "`[1, 2, 3]`[3]",
    "`[[1, 2], [3, [4, 5]], 6]`[]", "`[[1, 2], [3, [4, 5]], 6]`[][]", "`[{\"a\": 1}, {\"a\": 2}, {\"b\": 3}]`[*].a",
    "`[{\"a\": 1}, {\"a\": 2}, {\"b\": 3}]`[?a > `1`]", "`[{\"a\": 1}, {\"a\": 2}, {\"b\": 3}]`[?a]",
    "`[{\"a\": 1}, {\"a\": 2}, {\"b\": 3}]`[?!a].b", "`{\"x\": {\"y\": 1}, \"z\": {\"y\": 2}}`.*.y",
    "`[1, 1.0, true, \"1\"]`[?@ == `1`]", "`[0, false, \"\", [], {}, null]`[?@]", "`[3, 1, 2]` | sort(@)",
    "sort(`[\"b\", \"a\", \"\u00e9\", \"B\"]`)", "sort_by(`[{\"k\": 3}, {\"k\": 1}, {\"k\": 2}]`, &k)",
    "max_by(`[{\"k\": 3}, {\"k\": 1}, {\"k\": 3.5}]`, &k)", "min_by(`[{\"k\": \"b\"}, {\"k\": \"a\"}]`, &k).k",
    "map(&a, `[{\"a\": 1}, {\"b\": 2}]`)", "length(`\"h\u00e9llo\U0001F600\"`)", "reverse(`[1, 2, 3]`)",
    "avg(`[]`)", "max(`[]`)", "sum(`[]`)", "sum(`[1.5, 2, 3]`)", "avg(`[1, 2, 4]`)", "ceil(`1.2`)",
    "floor(`-1.2`)", "abs(`-3.5`)", "to_string(`[1, \"\u00e9\", {\"a\": null}]`)", "to_string(`1.0`)",
    "to_number(`\"1e3\"`)", "to_number(`\"1_000\"`)", "to_number(`true`)", "`1e16`", "`1e15`", "`0.0001`",
    "`0.00001`", "`100.0`", "`-0.0`", "`123456789.123456789`", "`0.1`", "`1.5e300`", "`[]`", "`{}`",
    "'raw \\' string'", "`\"a\\u00e9b\"`", "`\"tab\\there\"`", "`[1, [2, [3]]]`[]", "`{\"a\": [1, 2]}`.a[0]",
    "`[1, 2]` | [0]", "`{\"a\": 1}` | a", "`[{\"a\": {\"b\": [1, 2]}}]`[].a.b[]", "`[1, 2, 3]`[?@ > `1`] | [0]",
    "`[\"a\", \"b\"]` | join('-', @)", "not_null(`null`, `null`)", "`[1, 2]`[*]", "`null`", "`true`",
    "contains(`[1, 2]`, `2`)", "contains(`\"abc\"`, 'b')", "type(`1.5`)", "type(`true`)",
    "`{\"a\": 1, \"b\": 2}` | [a, b]", "`[[1, 2], 3]`[*][0]", "`{\"a\": {\"b\": {\"c\": 1}}}`.a.b.c",
    "`[{\"x\": [1, 2]}, {\"x\": [3]}]`[*].x[]", "`[1, 2, 3]`[?@ >= `2` && @ <= `2`]", "`\"abc\"` < `\"abd\"`",
    "`[1, 2`", "`[1]` == `[1]`", "to_number('nan')", "to_number('-inf')", "to_number('Infinity')",
    "`[1, 2, 3, 4, 5, 6]`[1::9223372036854775807]", "`[1, 2, 3, 4, 5, 6]`[::-9223372036854775808]",
    "`[1, 2, 3]`[-99999999999999999999:99999999999999999999]", "`[1, 2, 3]`[99999999999999999999]", "`{\"a\": 1, \"b\": 2}` == `{\"b\": 2, \"a\": 1}`",
    # Python's int() and float() (review): one sign, no nan(...), overflow to infinity, underflow to
    # zero, Unicode digits and blanks, whole numbers to 64 bits exact.
    "to_number('--5')", "to_number('+-5')", "to_number('nan(12)')", "to_number('1e400')",
    "to_number('-1e400')", "to_number('1e-400')", "to_number('\u0661\u0662')", "to_number('\u00a07\u3000')",
    "to_number('\u0661.5e\u0662')", "to_number('1\u00e9')", "to_number('18446744073709551615')",
    "to_number('-9223372036854775808')", "to_number('9223372036854775808')", "to_number('1__0')", "to_number('\x1c5')", "to_number('5\x1f')", "to_number('\x0b5\x0c')",
    "to_number('_1')", "to_number('1_0.5_0')", "to_number('1e1_0')", "to_number('0x10')", "to_number('+inf')",
    # Integers against doubles exactly, as Python compares them.
    "`9007199254740993` == `9007199254740992.0`", "`9007199254740993` > `9007199254740992.0`",
    "`9223372036854775807` < `9223372036854775808.0`", "`18446744073709551615` < `1.8446744073709552e19`",
    "`-9223372036854775808` == `-9223372036854775808.0`", "`[1, 2]` == `[1.0, 2.0]`",
    "floor(`9.5e18`)", "ceil(`-9.2e18`)", "avg(`[9007199254740993, 0, 0]`)", "avg(`[9007199254740993, 9007199254740994]`)",
    "avg(`[18446744073709551615, 18446744073709551615, 1]`)", "avg(`[-9223372036854775808, -9223372036854775807, 3]`)",
    "avg(`[12345678901234567, 7, 11, 13, 17, 19, 23]`)", "avg(`[9223372036854775807, 9223372036854775807, 9223372036854775807]`)", "sort(`[9007199254740993, 9007199254740992.0]`)",
    # Python's == inside lists and objects (True is 1) and for contains; not at the top of ==.
    "contains(`[1]`, `true`)", "contains(`[0.0]`, `false`)", "`[[1]]` == `[[true]]`", "`{\"a\": 0}` == `{\"a\": false}`",
    "`1` == `true`", "`true` == `1`", "`[true]` == `[2]`",
    # merge's further arguments go to Python's dict.update.
    "merge(`{}`, `[]`)", "merge(`{\"b\": 0}`, `[[\"a\", 1]]`)", "merge(`{}`, `[\"ab\"]`)", "merge(`{}`, '')",
    "merge(`{}`, `[{\"k\": 1, \"v\": 2}]`)",
    # An expression reference is none of jmespath.py's types, and equal to nothing.
    "type(&a)", "type(&a) == `null`", "contains(`[null]`, &a)",
    # The deprecated form `text` (a string) loses the blanks Python's lstrip() removes.
    "`\u00a0true`", "`\u3000\u2028abc `", "` \u00a0[1`",
    # Literals nested deeper than Boost.JSON's default limit of 32.
    "`" + "[" * 40 + "1" + "]" * 40 + "`", "`" + "{\"a\":" * 40 + "1" + "}" * 40 + "`",
]
# Refused by jmespath.py when parsed, or when evaluated.
BAD = ["", "Results[?", "a.", "[a, b", "{a: b", "a[1:2:3:4]", "a[", "a ==", "=", "a = b", "'unclosed",
       "\"unclosed", "foo(", "\"quoted\"(a)", "[*", "a.[0]", "$", "a ** b", "1", "-", "!", "@.", "{1: a}",
       "length(`1`)", "length()", "length(a, b)", "nosuch(a)", "sort(`[1, \"a\"]`)", "sum(`[\"a\"]`)",
       "max_by(`[{\"k\": []}]`, &k)", "sort_by(`[{\"k\": 1}, {\"k\": \"a\"}]`, &k)", "merge(`1`)",
       "join(`1`, `[]`)", "map(a, `[]`)", "merge(`{}`, 'x')", "not_null()", "`[1, 2]`[::0]", "avg(`[1, \"x\"]`)",
       "contains('abc', `1`)", "contains('abc', `null`)", "ceil(to_number('nan'))", "floor(to_number('-inf'))",
       "merge(`{}`, `5`)", "merge(`{}`, `null`)", "merge(`{}`, `[1]`)", "merge(`{}`, `[[1, 2, 3]]`)",
       "merge(`{}`, `[[[1], 2]]`)", "merge(`{}`, `[[{}, 2]]`)", "merge(`{}`, 'x')",
       "max_by(`[{\"a\": \"x\"}, {\"a\": 1}]`, &a)", "min_by(`[{\"a\": \"x\"}, {\"a\": 1}]`, &a)",
       '"a\\qb"', '"a\\u12x4"', '"a\tb"', '"\\u00e9\\z"']

with tempfile.TemporaryDirectory() as tmp:
    env = json_service.isolated_environment(tmp)

    def ours(command, *args):
        return subprocess.run([cli_bin, "machinelearning", *command, "--endpoint-url", endpoint, *args],
                              env=env, capture_output=True, text=True, timeout=60)

    def theirs(command, *args):
        return aws_program.run(["machinelearning", *command, "--endpoint-url", endpoint, *args], env)

    # 1. Against jmespath.py, over our own unqueried answer.
    plain = ours(GET)
    check(plain.returncode == 0, f"get-ml-model: exit {plain.returncode} {plain.stderr}")
    answer = json.loads(plain.stdout)
    for expression in ON_ANSWER + ON_LITERALS:
        result = jmespath.search(expression, answer)  # printed as awscli's JSONFormatter does
        expected = "" if result == {} else json.dumps(result, indent=4, ensure_ascii=False) + "\n"
        got = ours(GET, "--query", expression)
        check(got.returncode == 0 and got.stdout == expected,
              f"--query {expression!r}: exit {got.returncode} {got.stderr.strip()!r}\n{got.stdout}expected:\n{expected}")
    for expression in BAD:
        try:
            jmespath.search(expression, answer)
            check(False, f"jmespath.py accepts {expression!r}: the test's list is wrong")
            continue
        except Exception as e:  # its parse and evaluation errors, and Python's own TypeError
            refusal = e
        got = ours(GET, "--query", expression)
        try:  # the AWS CLI compiles --query before the call: only a parse error is a bad value
            jmespath.compile(expression)
            parse_failure = False
        except Exception:
            parse_failure = True
        wanted = "Bad value for --query %s: %s" % (expression, refusal)
        check(got.returncode == 255 and got.stdout == "" and (wanted in got.stderr or not parse_failure),
              f"--query {expression!r}: exit {got.returncode}, stdout {got.stdout!r}\n{got.stderr.strip()}\nexpected:\n{wanted}")
        if not parse_failure:
            check(got.stderr.strip() != "", f"--query {expression!r}: says why it fails")

    # Past the nesting limit, a query is refused at once with the reason: chains of operators
    # (each one a level of the tree, though the parser does not nest), brackets, literals. The
    # timeout proves no quadratic parse; the exit code, no crash (review: 20,000 pipes segfaulted).
    deep = ["a" + "|a" * 20000, "a" + "||a" * 10000, "a" + "&&a" * 10000, "a" + "[]" * 10000,
            "a" + "==a" * 10000, "!" * 300 + "a", "(" * 300 + "a" + ")" * 300,
            "`" + "[" * 300 + "]" * 300 + "`", "`" + "[" * 60000 + "`", "`" + "{\"a\":" * 300 + "1" + "}" * 300 + "`"]
    for expression in deep:
        got = ours(GET, "--query", expression)
        check(got.returncode == 255 and got.stdout == "" and "nested more than 256 levels deep" in got.stderr,
              f"--query {expression[:20]}... ({len(expression)} bytes): exit {got.returncode} {got.stderr[:300]!r}")
    for expression in ["a" + "|a" * 255, "`" + "[" * 256 + "]" * 256 + "`"]:  # at the limit: read
        got = ours(GET, "--query", expression)
        check(got.returncode == 0, f"--query {expression[:20]}...: exit {got.returncode} {got.stderr[:300]!r}")

    # Where jmespath.py hands back an expression reference as a value (the AWS CLI then prints a
    # Python object's address, or fails to encode it), awsml refuses and says why.
    for expression in ["&a", "[&a]", "{x: &a}", "&a | @", "not_null(&a)", "not_null(`null`, &a)",
                       "to_array(&a)", "to_string(&a)"]:
        got = ours(GET, "--query", expression)
        check(got.returncode == 255 and got.stdout == "" and "only a function's argument" in got.stderr,
              f"--query {expression}: exit {got.returncode} {got.stderr[:300]!r}")

    # 2. Against the AWS CLI, byte for byte, in json and in text.
    if not aws_program.available():
        skip("the AWS CLI comparisons: the AWS CLI (aws) is not on PATH")
        server.shutdown()
        checks.finish()
    def same_printout(a, b, output):
        """Byte for byte; in JSON, also the same lines in another order where a map is printed:
        awsml's maps are ordered by key, the AWS CLI keeps the service's order."""
        if a == b or output != "json":
            return a == b
        lines = lambda text: sorted(line.rstrip(",") for line in text.splitlines())
        return json.loads(a) == json.loads(b) and lines(a) == lines(b)

    def compare(command, args, output):
        a, b = ours(command, *args, "--output", output), theirs(command, *args, "--output", output)
        label = " ".join(command + args + ["--output", output])
        label = label if len(label) < 300 else label[:150] + " ... " + label[-100:]
        if b.returncode != 0 and a.returncode == b.returncode:
            # The AWS CLI's text output prints page by page, and may fail after printing some;
            # awsml prints nothing unless all of it can be printed.
            check(a.stdout == "" and a.stderr.strip() == b.stderr.strip(),
                  f"{label}: {a.stdout!r} {a.stderr!r} vs {b.stderr!r}")
            return
        check(a.returncode == b.returncode == 0 and same_printout(a.stdout, b.stdout, output),
              f"{label}: exit {a.returncode} vs {b.returncode}\n{a.stdout}---\n{b.stdout}{a.stderr}{b.stderr}")

    cases = [(GET, []), (DESCRIBE, []), (DESCRIBE, ["--max-items", "4"]), (DESCRIBE, ["--max-items", "3", "--page-size", "3"]),
             (DESCRIBE, ["--no-paginate"]), (DESCRIBE, ["--page-size", "2"])]
    for command, extra in cases:
        for output in ("json", "text", "table"):
            compare(command, extra, output)
    queries = [(GET, "EndpointInfo"), (GET, "[MLModelId, SizeInBytes, ComputeTime]"), (GET, "TrainingParameters"),
               (GET, "{id: MLModelId, at: CreatedAt, t: ScoreThreshold, e: EndpointInfo}"), (GET, "NoSuch"),
               (GET, "keys(@)"), (GET, "Status == 'COMPLETED'"), (DESCRIBE, "Results[].MLModelId"),
               (DESCRIBE, "Results[?Status=='FAILED'].[MLModelId, SizeInBytes]"),
               (DESCRIBE, "Results[].{id: MLModelId, p: TrainingParameters}"), (DESCRIBE, "length(Results)"),
               (DESCRIBE, "sort_by(Results, &SizeInBytes)[-1].Name")]
    for command, query in queries:
        for output in ("json", "text", "table"):
            for extra in ([], ["--max-items", "2"]) if command == DESCRIBE else ([],):
                compare(command, extra + ["--query", query], output)
    # Python's own errors during evaluation, word for word (review: operators, dict.update, int()).
    failing = ["max_by(`[{\"a\": \"x\"}, {\"a\": 1}]`, &a)", "min_by(`[{\"a\": \"x\"}, {\"a\": 1}]`, &a)",
               "contains('abc', `1`)", "ceil(to_number('nan'))", "floor(to_number('-inf'))", "merge(`{}`, `5`)",
               "merge(`{}`, `[1]`)", "merge(`{}`, `[[1, 2, 3]]`)", "merge(`{}`, `[[[1], 2]]`)", "merge(`{}`, 'x')",
               '"a\\qb"', '"a\\u12x4"', '"a\tb"', "to_number(&a)", "contains('abc', &a)", "merge(`{}`, &a)"]
    for query in failing:
        compare(GET, ["--query", query], "json")

    # 3. Tables: awscli's layout rules, byte for byte. Sections that fit 80 columns (the width
    # both use when printing to a pipe) stay horizontal; wider ones turn their single rows on their
    # side. Colours (--color on) as colorama writes them. Shapes only a query makes: falsy answers
    # print nothing, a scalar only its title, and where awscli's formatter raises, both fail alike.
    table_queries = ["{id: MLModelId, s: Status}", "{a: `1`, b: `[]`, c: `{}`, d: `\"\"`, e: EndpointInfo}",
                     "`0`", "`\"\"`", "`[]`", "`false`", "`null`", "`{}`", "`3.5`", "MLModelId", "`[1, 2, 3]`",
                     "`[[1, 2], [3, 4]]`", "`[[1, [2]], [3]]`", "`[{\"a\": 1}, {\"b\": [1, {\"c\": 2}]}]`",
                     "`[{\"a\": 1, \"n\": {\"x\": 1, \"y\": 2}}, {\"a\": 2, \"n\": {\"x\": 3}}]`",
                     "`[1, {\"k\": 1, \"l\": 2}]`", "`[{\"a\": {\"b\": 1}}]`", "`{\"\": 1, \"k\": [{\"\": 2}]}`",
                     "`[{\"a\": 1}, {\"a\": [1, 2]}]`", "`[{\"a\": \"it's\\n\\u00a0\"}, {\"a\": {\"q\": \"\\\"x'\"}}]`",
                     "`[[]]`", "`[[{\"a\": 1}]]`", "`{\"w\": \"" + "x" * 100 + "\", \"n\": 1}`",
                     "`[{\"a\": 1}, 2]`", "`[{\"a\": 1}, \"s\"]`", "`[{\"a\": 1}, \"\"]`", "`[{\"a\": 1}, [\"s\"]]`",
                     "`[{\"a\": 1}, null]`", "`[[1, 2], [3]]`", "`[[1], {\"a\": 1, \"b\": 2}]`"]
    for query in table_queries:
        for output in ("table", "text"):
            compare(GET, ["--query", query], output)
    # Text output's row labels are upper-cased as Python's str.upper() does it: every code point
    # it changes, in one label (the tables of tests/support/unicode_tables.py upper).
    changed = "".join(chr(c) for c in range(0x80, 0x110000)
                      if not 0xD800 <= c <= 0xDFFF and chr(c).upper() != chr(c))
    check(len(changed) > 1400, f"{len(changed)} code points change under upper()")
    for label in ("az\u00df\u00e9\ufb03", changed):
        compare(GET, ["--query", '{"%s": `[1, 2]`, "x%s": `{"y": [3]}`}' % (label, label)], "text")
    for extra in ([], ["--query", "Results[0]"]):
        compare(DESCRIBE, ["--color", "on"] + extra, "table")
        compare(GET, ["--color", "on"] + extra, "table")
    # Every code point where East Asian Width changes between one column and two, both sides:
    # one row each, padded to its own width.
    edges = set()
    previous = False
    for code in range(0x20, 0x110000):
        wide = unicodedata.east_asian_width(chr(code)) in "WFA"
        if wide != previous and not 0xD800 <= code <= 0xDFFF:
            edges.update({code - 1, code})
        previous = wide
    rows = [{"c": chr(code) + "|"} for code in sorted(edges) if not 0xD800 <= code <= 0xDFFF and code >= 0x20]
    compare(GET, ["--query", "`%s`" % json.dumps(rows)], "table")
    check(len(rows) > 1000, f"{len(rows)} width edges compared")
    # The default format: AWS_DEFAULT_OUTPUT, else the profile's `output` (the selected profile's);
    # --output wins over both; a format neither CLI knows fails alike (exit 255).
    for number, (config, variables, args) in enumerate([
            ("output = text\n", {}, []), ("output = table\n", {"AWS_DEFAULT_OUTPUT": "text"}, []),
            ("output = text\n", {}, ["--output", "json"]), ("output = bogus\n", {}, []),
            ("", {"AWS_DEFAULT_OUTPUT": "yaml"}, []),
            ("[profile other]\noutput = table\naws_access_key_id = %s\naws_secret_access_key = %s\n"
             % (json_service.TEST_ACCESS_KEY, json_service.TEST_SECRET_KEY), {}, ["--profile", "other"])]):
        folder = os.path.join(tmp, "defaults-%d" % number)
        os.mkdir(folder)
        variant = json_service.isolated_environment(folder, extra=variables)
        with open(variant["AWS_CONFIG_FILE"], "a") as f:
            f.write(config)
        command = ["machinelearning", *GET, "--endpoint-url", endpoint, "--query", "EndpointInfo", *args]
        a = subprocess.run([cli_bin, *command], env=variant, capture_output=True, text=True, timeout=60)
        b = aws_program.run(command, variant)
        label = f"default output {config!r} {variables} {args}"
        check((a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr),
              f"{label}: exit {a.returncode} vs {b.returncode}\n{a.stdout}{a.stderr}---\n{b.stdout}{b.stderr}")
        check(a.returncode != 0 or a.stdout.strip() != "", f"{label}: prints the answer")
    # cli_timestamp_format = iso8601: each timestamp member as botocore and Python's isoformat()
    # print it in the local zone, TZ's: summer time, both sides of each change (the repeated
    # hour included), southern zones, half-hour and historical offsets, milliseconds. Then
    # "wire", and a value neither CLI knows.
    instants = ["1435184201.123", "1636261200", "1636264800", "1636262999.5", "1636268400",
                "1648954800", "1615701600", "1615705200", "-2208988800", "0", "-0.5", "253402300799.999",
                "-62135596800", "-62135592000", "253402297200"]
    for number, zone in enumerate(["UTC", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
                                   "Europe/Dublin", "America/St_Johns"]):
        folder = os.path.join(tmp, "zone-%d" % number)
        os.mkdir(folder)
        zoned = json_service.isolated_environment(folder, extra={"TZ": zone})
        with open(zoned["AWS_CONFIG_FILE"], "w") as f:
            f.write("[default]\ncli_timestamp_format = iso8601\n")
        for instant in instants:
            command = ["machinelearning", "get-ml-model", "--ml-model-id", "at-" + instant, "--endpoint-url",
                       endpoint, "--query", "[CreatedAt, EndpointInfo.CreatedAt, FinishedAt]"]
            a = subprocess.run([cli_bin, *command], env=zoned, capture_output=True, text=True, timeout=60)
            b = aws_program.run(command, zoned)
            check((a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)
                  and ("T" in a.stdout or a.returncode != 0),
                  f"iso8601, TZ={zone}, CreatedAt {instant}: exit {a.returncode} vs {b.returncode}\n"
                  f"{a.stdout}{a.stderr}---\n{b.stdout}{b.stderr}")
        if zone == "America/New_York":
            for output in ("json", "text", "table"):
                command = ["machinelearning", *DESCRIBE, "--endpoint-url", endpoint, "--output", output]
                a = subprocess.run([cli_bin, *command], env=zoned, capture_output=True, text=True, timeout=60)
                b = aws_program.run(command, zoned)
                check(a.returncode == b.returncode == 0 and same_printout(a.stdout, b.stdout, output),
                      f"iso8601 describe-ml-models --output {output}:\n{a.stdout}---\n{b.stdout}{a.stderr}")
    for number, setting in enumerate(["wire", "none", "bad"]):
        folder = os.path.join(tmp, "format-%d" % number)
        os.mkdir(folder)
        variant = json_service.isolated_environment(folder)
        with open(variant["AWS_CONFIG_FILE"], "w") as f:
            f.write("[default]\ncli_timestamp_format = %s\n" % setting)
        command = ["machinelearning", *GET, "--endpoint-url", endpoint, "--output", "text"]
        a = subprocess.run([cli_bin, *command], env=variant, capture_output=True, text=True, timeout=60)
        b = aws_program.run(command, variant)
        check((a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr),
              f"cli_timestamp_format = {setting}: exit {a.returncode} vs {b.returncode}\n{a.stdout}{a.stderr}---\n{b.stdout}{b.stderr}")

    for query in ("Results[?", "length(`1`)"):
        a, b = ours(GET, "--query", query), theirs(GET, "--query", query)
        check(a.returncode == b.returncode == 255 and a.stdout == b.stdout == "",
              f"--query {query!r}: exit {a.returncode} vs {b.returncode}: {a.stderr!r} vs {b.stderr!r}")
        check(a.stderr.strip() == b.stderr.strip(), f"--query {query!r}: {a.stderr!r} vs {b.stderr!r}")
    a = ours(GET, "--query", "Name == 'caf\udcc3'")  # bytes that are not UTF-8: refused, named
    check(a.returncode == 252 and "--query: invalid UTF-8 at byte 12" in a.stderr and a.stdout == "",
          f"--query, not UTF-8: {a.returncode} {a.stderr!r}")
    a = ours(GET, "--output", "yaml")
    check(a.returncode == 252 and "--output" in a.stderr and a.stdout == "", f"--output yaml: {a.returncode} {a.stderr!r}")

# awsml --version: the version include/awsml/core/version.hpp defines, then the system's, as
# `aws --version` prints them.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "include", "awsml", "core",
                       "version.hpp")) as f:
    parts = dict(re.findall(r"#define AWSML_VERSION_(MAJOR|MINOR|PATCH) (\d+)", f.read()))
version = subprocess.run([cli_bin, "--version"], capture_output=True, text=True, timeout=60)
expected = "awsml/%s.%s.%s %s/%s\n" % (parts["MAJOR"], parts["MINOR"], parts["PATCH"], os.uname().sysname,
                                       os.uname().release)
check(version.returncode == 0 and version.stdout == expected, f"--version: {version.returncode} {version.stdout!r}")

server.shutdown()
checks.finish()
