#!/usr/bin/env python3
"""The awsml CLI and the real AWS CLI (v1, botocore) side by side, for every operation of the
service model and every waiter: the same command line against the same test server (started here,
on 127.0.0.1) must send the same request, print the same JSON values and exit with the same code.
The server answers each operation with a response generated from the model (every member, nested
lists and maps, 17-digit doubles, escapes and non-ASCII text), or with a modeled error. First,
without the AWS CLI: each command's --help carries the model's documentation, and
programs/awsml-cli/documentation.hpp is what scripts/generate-cli-docs writes from the model.
Usage: test_cli_all_operations.py AWSML_CLI SERVICE_MODEL_JSON"""
import base64
import html
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from checks import check  # noqa: E402
import aws_program  # noqa: E402
import checks  # noqa: E402
import json_service  # noqa: E402

cli_bin, model_file = sys.argv[1:3]


if not os.path.exists(model_file):
    message = "the service model is missing: " + model_file
    if os.environ.get("AWSML_REQUIRE_VECTORS") == "1":
        raise SystemExit(message)
    print("SKIPPED:", message)
    raise SystemExit(0)
model = json.load(open(model_file))
shapes, operations = model["shapes"], model["operations"]


def xform(name):  # botocore's xform_name
    s = re.sub("(.)([A-Z][a-z]+)", r"\1-\2", name)
    return re.sub("([a-z0-9])([A-Z])", r"\1-\2", s).lower()


PATTERN_SAMPLES = {
    "[a-zA-Z0-9_.-]+": "ml-Sample_1.x",
    "arn:aws:iam::[0-9]+:((user/.+)|(root))": "arn:aws:iam::123456789012:user/dev",
    "https://[a-zA-Z0-9-.]*\\.amazon(aws)?\\.com[/]?": "https://realtime.machinelearning.us-east-1.amazonaws.com",
    "s3://([^/]+)(/.*)?": "s3://bucket/data/part-1.csv",
    ".*\\S.*|^$": "a name, \"quoted\" \\ caf\u00e9",
    "[a-z0-9-]+": "cluster-1",
    "[a-z0-9]+": "db1",
    "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$": "env:prod caf\u00e9",
}


def sample(shape_name, seed, for_output):
    shape = shapes[shape_name]
    kind = shape["type"]
    if kind == "string":
        if "enum" in shape:
            return shape["enum"][seed % len(shape["enum"])]
        if "pattern" in shape:
            return PATTERN_SAMPLES[shape["pattern"]]
        text = ("text %d \"\\ \u00e9\u4e2d" % seed) if for_output else "text-%d" % seed
        return text.ljust(shape.get("min", 0), "x")
    if kind in ("integer", "long"):
        if "max" in shape:
            return min(shape["max"], 5 + seed)
        return 9223372036854775807 - seed if kind == "long" and for_output else 7 + seed
    if kind in ("float", "double"):
        return 0.21209149732767718 if for_output else 0.5
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return 1435184201.123 + seed
    if kind == "structure":
        return {m: sample(s["shape"], seed + i, for_output) for i, (m, s) in enumerate(shape["members"].items())}
    if kind == "list":
        return [sample(shape["member"]["shape"], seed + i, for_output) for i in range(2)]
    if kind == "map":
        return {"key%d" % i: sample(shape["value"]["shape"], seed + i, for_output) for i in range(2)}
    raise ValueError(kind)


paginated = set(json.load(open(os.path.join(os.path.dirname(model_file), "paginators-1.json")))["pagination"])


# --help: each command's documentation is the model's (programs/awsml-cli/documentation.hpp, which
# scripts/generate-cli-docs writes from service-2.json). These checks need no AWS CLI.
def plain(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", fragment)).split())


def first_paragraph(documentation):
    found = re.search(r"<p>(.*?)</p>", documentation, re.S)
    return plain(found.group(1) if found else documentation)


def first_sentence(documentation):
    text = first_paragraph(documentation)
    return text[:text.index(". ") + 1] if ". " in text else text


def words(text):
    return " ".join(text.split())


def help_of(*command):
    return subprocess.run([cli_bin, "machinelearning", *command, "--help"], capture_output=True, text=True, timeout=60)


for op_name, op in operations.items():
    command = xform(op_name)
    shown = help_of(command)
    label = command + " --help"
    check(shown.returncode == 0 and shown.stderr == "" and shown.stdout.startswith("usage: awsml machinelearning " + command),
          f"{label}: exit {shown.returncode}, stdout {shown.stdout[:80]!r}, stderr {shown.stderr[:200]!r}")
    sections = re.findall(r"^([A-Z][A-Z ]+)$", shown.stdout, re.M)
    check(sections == ["NAME", "DESCRIPTION", "SYNOPSIS", "OPTIONS", "GLOBAL OPTIONS"], f"{label}: sections {sections}")
    # A shorthand example is one line to copy, as in the AWS CLI's help: not wrapped.
    long_lines = [line for line in shown.stdout.splitlines() if len(line) > 79 and not re.match(r"^ {12}\S+$", line)]
    check(not long_lines, f"{label}: lines wider than 79 columns: {long_lines[:2]}")
    text = words(shown.stdout)
    check(f"NAME awsml machinelearning {command} - {first_sentence(op['documentation'])}" in text,
          f"{label}: NAME gives the first sentence of {op_name}'s documentation")
    description = words(shown.stdout.split("\nDESCRIPTION\n")[-1].split("\nSYNOPSIS\n")[0])
    check(description.startswith(first_paragraph(op["documentation"])), f"{label}: DESCRIPTION is {op_name}'s documentation")
    options = words(shown.stdout.split("\nOPTIONS\n")[-1].split("\nGLOBAL OPTIONS\n")[0])
    for member, ref in shapes[op["input"]["shape"]]["members"].items():
        option = "--" + xform(member)
        if op_name in paginated and member in ("NextToken", "Limit"):
            check(option not in shown.stdout, f"{label}: {option} is --starting-token's and --page-size's, not shown")
            continue
        check(option in options, f"{label}: {option} in OPTIONS")
        documentation = ref.get("documentation") or shapes[ref["shape"]].get("documentation")
        if documentation:
            at = options.find(option + " ")
            check(at >= 0 and options.find(first_paragraph(documentation), at) > at,
                  f"{label}: {option}'s documentation after it: {first_paragraph(documentation)!r}")

listing = help_of()  # `awsml machinelearning help`, the command list
check(listing.returncode == 0 and listing.stderr == "", f"help: exit {listing.returncode} {listing.stderr!r}")
for op_name, op in operations.items():
    check(f"{xform(op_name)} {first_sentence(op['documentation'])}" in words(listing.stdout),
          f"help: {xform(op_name)} beside the first sentence of its documentation")
shown = help_of("wait", "ml-model-available")
check(shown.returncode == 0 and first_paragraph(shapes["DescribeMLModelsInput"]["members"]["FilterVariable"]["documentation"])
      in words(shown.stdout), f"wait ml-model-available --help: DescribeMLModels' members: exit {shown.returncode}")

# The committed header is what the generator writes from this model.
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
committed = os.path.join(root, "programs", "awsml-cli", "documentation.hpp")
with tempfile.TemporaryDirectory() as tmp:
    fresh = os.path.join(tmp, "documentation.hpp")
    generated = subprocess.run([sys.executable, os.path.join(root, "scripts", "generate-cli-docs"), model_file, fresh],
                               capture_output=True, text=True, timeout=60)
    check(generated.returncode == 0, f"scripts/generate-cli-docs: exit {generated.returncode} {generated.stderr}")
    if generated.returncode == 0:
        check(open(fresh).read() == open(committed).read(),
              "programs/awsml-cli/documentation.hpp is out of date: run scripts/generate-cli-docs " + model_file)

if not aws_program.available():
    message = "the AWS CLI (aws) is not on PATH"
    if os.environ.get("AWSML_REQUIRE_VECTORS") == "1":
        raise SystemExit(message)
    print("SKIPPED the AWS CLI comparisons:", message)
    checks.finish()


def arguments(op_name):
    """A command line giving every member of the operation's input (the pagination members
    excepted: both CLIs replace them with --starting-token and --page-size)."""
    shape = shapes[operations[op_name]["input"]["shape"]]
    args = []
    for i, (member, ref) in enumerate(shape["members"].items()):
        if op_name in paginated and member in ("NextToken", "Limit"):
            continue
        target = shapes[ref["shape"]]
        value = sample(ref["shape"], i, False)
        option = "--" + xform(member)
        if member == "PredictEndpoint":
            value = endpoint
        if target["type"] == "boolean":
            args.append(option)
        elif target["type"] == "list" and shapes[target["member"]["shape"]]["type"] == "string":
            args += [option, *value]
        elif target["type"] in ("structure", "list", "map"):
            args += [option, json.dumps(value)]
        else:
            args += [option, str(value)]
    return args


received = []
answers = {}  # operation -> (status, body)


def recorded_answer(operation, body):
    received.append((operation, body.decode()))
    status, payload, *headers = answers.get(operation, (400, {"__type": "UnknownOperationException"}))
    return status, payload, {"x-amzn-RequestId": "test-%d" % len(received), **(headers[0] if headers else {})}


server, endpoint = json_service.serve(recorded_answer)


def same(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, int) and isinstance(b, int):
        return a == b  # int64 extremes must survive exactly
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 1e-6 * max(1.0, abs(a))  # a float member holds ~7 digits
    return a == b


with tempfile.TemporaryDirectory() as tmp:
    env = json_service.isolated_environment(tmp)

    def both(command, args):
        """(ours, theirs, our request body, their request body) for one command line."""
        start = len(received)
        ours = subprocess.run([cli_bin, "machinelearning", *command, "--endpoint-url", endpoint, *args],
                              env=env, capture_output=True, text=True, timeout=120)
        middle = len(received)
        theirs = aws_program.run(["machinelearning", *command, "--endpoint-url", endpoint, "--output", "json", *args], env)
        return ours, theirs, received[start:middle], received[middle:]

    for op_name, op in operations.items():
        command = xform(op_name)
        output = sample(op["output"]["shape"], 1, True)
        output.pop("NextToken", None)  # one page: both CLIs would follow a token
        answers[op_name] = (200, output)
        args = arguments(op_name)
        ours, theirs, our_requests, their_requests = both([command], args)
        label = command + " " + " ".join(args)[:80]
        check(ours.returncode == theirs.returncode == 0,
              f"{label}: exit {ours.returncode} vs aws {theirs.returncode}: {ours.stderr[-300:]} | {theirs.stderr[-300:]}")
        if ours.returncode == theirs.returncode == 0:
            check(same(json.loads(ours.stdout), json.loads(theirs.stdout)), f"{label}: same output\n{ours.stdout[:400]}\n{theirs.stdout[:400]}")
        check(len(our_requests) == len(their_requests) == 1, f"{label}: one request each ({len(our_requests)}, {len(their_requests)})")
        if len(our_requests) == len(their_requests) == 1:
            check(json.loads(our_requests[0][1]) == json.loads(their_requests[0][1]),
                  f"{label}: same request\n{our_requests[0][1][:400]}\n{their_requests[0][1][:400]}")

        # One modeled error per operation: the same line on stderr and exit 254.
        error = op["errors"][0]["shape"]
        answers[op_name] = (400, {"__type": error, "message": "refused: " + op_name})
        ours, theirs, _, _ = both([command], args)
        # Ours exits as the AWS CLI v2 does (254); the v1 installed here exits 255.
        check(ours.returncode == 254 and theirs.returncode in (254, 255),
              f"{command} {error}: exit {ours.returncode} vs {theirs.returncode}")
        check(ours.stderr.strip() == theirs.stderr.strip(), f"{command} {error}: {ours.stderr!r} vs {theirs.stderr!r}")
        check(ours.stdout == "", f"{command} {error}: nothing on stdout")

    # Pagination: pages merged, --max-items with the AWS CLI's NextToken, --starting-token.
    results = [{"MLModelId": "ml-%02d" % i, "Status": "COMPLETED"} for i in range(7)]

    def describe_page(body):
        # Tokens with non-ASCII text: the printed NextToken must still be botocore's, byte for byte.
        request = json.loads(body)
        start = int(request.get("NextToken", "p\u00e9-0").split("-")[1])
        limit = request.get("Limit", 3)
        page = {"Results": results[start:start + limit]}
        if start + limit < len(results):
            page["NextToken"] = "p\u00e9-%d" % (start + limit)
        return page

    def paging_answer(operation, body):
        if operation != "DescribeMLModels":
            return recorded_answer(operation, body)
        received.append((operation, body.decode()))
        return 200, describe_page(body.decode())

    server.answer = paging_answer
    for extra in ([], ["--page-size", "2"], ["--max-items", "4", "--page-size", "3"], ["--max-items", "3", "--page-size", "3"],
                  ["--no-paginate"], ["--limit", "2"], ["--next-token", "p\u00e9-3", "--limit", "2"],
                  ["--page-size", "3", "--max-items", "2", "--starting-token",
                   base64.b64encode(b'{"NextToken": "p\\u00e9-3", "boto_truncate_amount": 1}').decode()],
                  # The service's own token: botocore falls back to sending it as it is.
                  ["--max-items", "2", "--starting-token", "p\u00e9-3"],
                  ["--max-items", "2", "--starting-token", "p\u00e9-3___1"], ["--max-items", "2", "--starting-token", "None"],
                  ["--max-items", " 2", "--page-size", "+3"],
                  # Limit in --cli-input-json: still a walk, of pages of that size.
                  ["--cli-input-json", '{"Limit": 2}'], ["--cli-input-json", '{"Limit": 2}', "--max-items", "3"],
                  # The AWS CLI's PaginationConfig in --cli-input-json; the command line's options win whole.
                  ["--cli-input-json", '{"PaginationConfig": {"PageSize": 2, "MaxItems": 3}}'],
                  ["--cli-input-json", json.dumps({"PaginationConfig": {"MaxItems": "2", "PageSize": 3, "StartingToken":
                   base64.b64encode(b'{"NextToken": "p\\u00e9-3", "boto_truncate_amount": 1}').decode()}})],
                  ["--cli-input-json", '{"PaginationConfig": {"MaxItems": 1, "PageSize": 2}}', "--max-items", "4"]):
        ours, theirs, our_requests, their_requests = both(["describe-ml-models"], extra)
        label = "describe-ml-models " + " ".join(extra)
        check(ours.returncode == theirs.returncode == 0, f"{label}: exit {ours.returncode} vs {theirs.returncode} {ours.stderr} {theirs.stderr}")
        if ours.returncode == theirs.returncode == 0:
            check(json.loads(ours.stdout) == json.loads(theirs.stdout), f"{label}: same output\n{ours.stdout}\n{theirs.stdout}")
        check([json.loads(b) for _, b in our_requests] == [json.loads(b) for _, b in their_requests], f"{label}: same requests")

    # A service that sends its token back: both stop with botocore's words, nothing on stdout.
    loop_token = "t\u00e9'1"

    def looping_answer(operation, body):
        if operation != "DescribeMLModels":
            return recorded_answer(operation, body)
        received.append((operation, body.decode()))
        return 200, {"Results": [{"MLModelId": "ml-loop"}], "NextToken": loop_token}

    server.answer = looping_answer
    ours, theirs, our_requests, their_requests = both(["describe-ml-models"], [])
    check(ours.returncode == theirs.returncode == 255, f"token loop: exit {ours.returncode} vs {theirs.returncode}")
    check(ours.stdout == theirs.stdout == "", f"token loop: nothing on stdout {ours.stdout!r} {theirs.stdout!r}")
    check(ours.stderr == theirs.stderr, f"token loop: the same words\n{ours.stderr}\n{theirs.stderr}")
    check(len(our_requests) == len(their_requests) == 2, f"token loop: two requests ({len(our_requests)}, {len(their_requests)})")
    server.answer = paging_answer

    # Waiters: success (nothing printed, exit 0) and failure (exit 255, botocore's words) as the
    # AWS CLI. A result without a Status is left out of Results[].Status, as JMESPath projects.
    for statuses, code in ((["COMPLETED"], 0), (["FAILED"], 255), (["COMPLETED", None], 0),
                           (["COMPLETED", None, "FAILED"], 255)):
        results[:] = [{"MLModelId": f"ml-w{i}", **({"Status": s} if s else {})} for i, s in enumerate(statuses)]
        ours, theirs, _, _ = both(["wait", "ml-model-available"], ["--filter-variable", "Name", "--eq", "w"])
        check(ours.returncode == theirs.returncode == code, f"wait {statuses}: exit {ours.returncode} vs {theirs.returncode}")
        check(ours.stdout == theirs.stdout == "", f"wait {statuses}: nothing on stdout")
        check(ours.stderr == theirs.stderr, f"wait {statuses}: the same words\n{ours.stderr}\n{theirs.stderr}")
    answers["DescribeDataSources"] = (400, {"__type": "InternalServerException", "message": "down"})
    ours, theirs, _, _ = both(["wait", "data-source-available"], [])
    check(ours.returncode == theirs.returncode == 255, f"wait, service error: exit {ours.returncode} vs {theirs.returncode}")

    # "help" as a value is a value, not a request for help.
    answers["GetMLModel"] = (200, {"MLModelId": "help"})
    ours, theirs, our_requests, _ = both(["get-ml-model"], ["--ml-model-id", "help"])
    check(ours.returncode == theirs.returncode == 0 and len(our_requests) == 1, f"--ml-model-id help: exit {ours.returncode}")
    # --no-paginate with pagination arguments is refused, as by the AWS CLI.
    ours, theirs, _, _ = both(["describe-ml-models"], ["--no-paginate", "--max-items", "2"])
    check(ours.returncode == theirs.returncode == 255 and ours.stderr == theirs.stderr,
          f"--no-paginate --max-items: exit {ours.returncode} vs {theirs.returncode}: {ours.stderr!r} vs {theirs.stderr!r}")

    # No service, another service, no operation: the command list, then what was wrong.
    for args, last_line in (([], "awsml: error: the following arguments are required: command"),
                            (["machinelearnin", "get-ml-model"],
                             'awsml: error: argument command: Invalid choice "machinelearnin", valid choices are: machinelearning'),
                            (["machinelearning"], "awsml machinelearning: error: the following arguments are required: operation")):
        ours = subprocess.run([cli_bin, *args], env=env, capture_output=True, text=True, timeout=60)
        check(ours.returncode == 252 and ours.stderr.rstrip().endswith("\n" + last_line)
              and "describe-ml-models" in ours.stderr and ours.stdout == "", f"{args}: exit {ours.returncode} {ours.stderr[-200:]!r}")

    # Bad input: unknown options, malformed JSON and shorthand exit 252, naming the option.
    for args, needle in ((["add-tags", "--resource-id", "x", "--resource-type", "MLModel", "--tags", '[{"Key": 1'], "--tags"),
                         (["predict", "--ml-model-id", "m", "--record", "a=1,b", "--predict-endpoint", endpoint], "--record"),
                         (["get-ml-model", "--ml-model-id", "m", "--no-such-option", "1"], "--no-such-option"),
                         (["get-ml-model"], "--ml-model-id"),
                         (["create-ml-model", "--ml-model-id", "m", "--ml-model-type", "BINARY", "--training-data-source-id", "bad id!"], "TrainingDataSourceId"),
                         # An argument that is not UTF-8 (the bytes caf, C3: a lead byte, then the end).
                         (["create-ml-model", "--ml-model-id", "m", "--ml-model-type", "BINARY", "--training-data-source-id", "ds",
                           "--ml-model-name", "caf\udcc3"], "--ml-model-name: invalid UTF-8 at byte 3"),
                         (["predict", "--ml-model-id", "m", "--record", "a=1,b=\udcff", "--predict-endpoint", endpoint],
                          "--record: invalid UTF-8 at byte 6")):
        ours = subprocess.run([cli_bin, "machinelearning", *args, "--endpoint-url", endpoint], env=env,
                              capture_output=True, text=True, timeout=60)
        check(ours.returncode == 252 and needle in ours.stderr and ours.stdout == "", f"{args}: exit {ours.returncode} {ours.stderr!r}")

    # The input side as the AWS CLI reads it (found by review): --name=value, file:// on any
    # parameter, blanks around shorthand keys and values, global options before the command.
    answers["GetMLModel"] = (200, {"MLModelId": "ml-in"})
    answers["Predict"] = (200, {"Prediction": {"predictedLabel": "1"}})
    answers["UpdateMLModel"] = (200, {"MLModelId": "ml-in"})
    id_file = os.path.join(tmp, "id.txt")
    with open(id_file, "w") as f:
        f.write("ml-in")
    for command, args in ((["get-ml-model"], ["--ml-model-id=ml-in"]),
                          (["get-ml-model"], ["--ml-model-id", "file://" + id_file]),
                          (["predict"], ["--ml-model-id", "ml-in", "--predict-endpoint", endpoint,
                                         "--record", "a = 1, b = 2"]),
                          # Numbers as Python's int() and float() read them.
                          (["describe-ml-models"], ["--limit", " +5"]),
                          (["describe-ml-models"], ["--limit", "1_0"]),
                          (["update-ml-model"], ["--ml-model-id", "ml-in", "--score-threshold", " +0.5 "])):
        ours, theirs, our_requests, their_requests = both(command, args)
        label = " ".join(command + args)
        check(ours.returncode == theirs.returncode == 0, f"{label}: exit {ours.returncode} vs {theirs.returncode} {ours.stderr!r}")
        check(our_requests and [json.loads(b) for _, b in our_requests] == [json.loads(b) for _, b in their_requests],
              f"{label}: same request {our_requests} vs {their_requests}")
    # A file is read for an option's only value, not among a list's values; ~ is $HOME.
    answers["DeleteTags"] = (200, {"ResourceId": "m", "ResourceType": "MLModel"})
    ours, theirs, our_requests, their_requests = both(
        ["delete-tags"], ["--resource-id", "m", "--resource-type", "MLModel", "--tag-keys", "file://" + id_file, "other"])
    check(ours.returncode == theirs.returncode == 0 and our_requests
          and [json.loads(b) for _, b in our_requests] == [json.loads(b) for _, b in their_requests],
          f"file:// among a list's values is text: {our_requests} vs {their_requests}")
    home_env = dict(env, HOME=tmp)
    ours = subprocess.run([cli_bin, "machinelearning", "get-ml-model", "--ml-model-id", "file://~/id.txt", "--endpoint-url", endpoint],
                          env=home_env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 0 and received[-1] == ("GetMLModel", '{"MLModelId":"ml-in"}'), f"file://~/: {ours.stderr!r} {received[-1]}")
    # A later global option wins over one before the command.
    ours = subprocess.run([cli_bin, "--output", "text", "machinelearning", "get-ml-model", "--ml-model-id", "ml-in",
                           "--endpoint-url", endpoint, "--output", "json"], env=env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 0 and ours.stdout.startswith("{"), f"the later --output wins: {ours.stdout!r}")
    before_command = ["--endpoint-url", endpoint, "--region", "eu-west-1", "machinelearning", "get-ml-model", "--ml-model-id", "ml-in"]
    start = len(received)
    ours = subprocess.run([cli_bin, *before_command], env=env, capture_output=True, text=True, timeout=60)
    middle = len(received)
    theirs = aws_program.run([*before_command, "--output", "json"], env)
    check(ours.returncode == theirs.returncode == 0 and json.loads(ours.stdout) == json.loads(theirs.stdout),
          f"global options before the command: exit {ours.returncode} vs {theirs.returncode} {ours.stderr!r}")
    check(len(received[start:middle]) == 1 and [(o, json.loads(b)) for o, b in received[start:middle]]
          == [(o, json.loads(b)) for o, b in received[middle:]],
          f"global options before the command: same request {received[start:]}")
    # Refused as the AWS CLI refuses them, naming what is wrong, and nothing sent: a member the
    # shape does not have (the decoder would have dropped it), a shorthand key given twice.
    for args, needle in ((["get-ml-model", "--cli-input-json", '{"MLModelId": "m", "Bogus": 1}'],
                          'Unknown parameter in input: "Bogus", must be one of: MLModelId, Verbose'),
                         (["add-tags", "--resource-id", "m", "--resource-type", "MLModel", "--tags",
                           '[{"Key": "k", "Value": "v", "Extra": 1}]'], 'Unknown parameter in Tags[0]: "Extra"'),
                         (["add-tags", "--resource-id", "m", "--resource-type", "MLModel", "--tags", "Key=a,Value=b,Key=c"],
                          'Second instance of key "Key" encountered'),
                         (["update-ml-model", "--cli-input-json", '{"MLModelId": "m", "ScoreThreshold": "abc"}'],
                          'update-ml-model: error: --score-threshold: expected a number, got the string "abc"'),
                         (["get-ml-model", "--generate-cli-skeleton", "input", "--bogus"], "unknown option: --bogus"),
                         (["get-ml-model", "--generate-cli-skeleton", "input", "stray"], 'unexpected argument "stray"'),
                         (["get-ml-model", "--ml-model-id", "a", "b", "--generate-cli-skeleton"],
                          "--ml-model-id: expected one value, got 2"),
                         (["wait"], "expected a waiter's name"),
                         (["wait", "ml-model-available", "--generate-cli-skeleton", "input", "--bogus"], "unknown option: --bogus"),
                         (["get-ml-model", "--ml-model-id", "file://" + tmp], "it is a directory"),
                         (["get-ml-model", "--ml-model-id", "fileb://" + id_file], "fileb://")):
        start = len(received)
        ours = subprocess.run([cli_bin, "machinelearning", *args, "--endpoint-url", endpoint], env=env,
                              capture_output=True, text=True, timeout=60)
        theirs = aws_program.run(["machinelearning", *args, "--endpoint-url", endpoint], env)
        check(ours.returncode == 252 and needle in ours.stderr and ours.stdout == "", f"{args}: exit {ours.returncode} {ours.stderr!r}")
        check(theirs.returncode != 0, f"{args}: the AWS CLI refuses it too: {theirs.returncode}")
        check(len(received) == start, f"{args}: nothing sent")
    ours = subprocess.run([cli_bin, "machinelearning", "wait", "help"], env=env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 0 and "ml-model-available" in ours.stdout, f"wait help: exit {ours.returncode}")

    # Abbreviated options, as argparse reads them: a prefix of one option's name is that option,
    # first among the global options (the AWS CLI's main parser reads the whole line), then the
    # command's own; a prefix of several is refused. Pagination options belong to Describe* only.
    answers["DescribeMLModels"] = (200, {"Results": [{"MLModelId": "ml-a"}]})
    for line in (["get-ml-model", "--ml-model", "ml-in", "--verb", "--endpoint", endpoint],
                 ["get-ml-model", "--ml-model=ml-in", "--no-verb", "--endpoint-url", endpoint, "--out", "text"],
                 ["--reg", "eu-west-1", "machinelearning", "get-ml-model", "--ml-model-id", "ml-in", "--endpoint", endpoint],
                 ["describe-ml-models", "--filter-var", "Name", "--eq", "x", "--max", "1", "--endpoint-url", endpoint]):
        line = line if line[0].startswith("-") else ["machinelearning", *line]
        start = len(received)
        ours = subprocess.run([cli_bin, *line], env=env, capture_output=True, text=True, timeout=60)
        middle = len(received)
        theirs = aws_program.run(line if "--out" in line else [*line, "--output", "json"], env)
        check(ours.returncode == theirs.returncode == 0 and ours.stdout.split() == theirs.stdout.split(),
              f"{line}: exit {ours.returncode} vs {theirs.returncode}, {ours.stdout!r} vs {theirs.stdout!r} {ours.stderr!r}")
        check(len(received[start:middle]) == 1 and [(o, json.loads(b)) for o, b in received[start:middle]]
              == [(o, json.loads(b)) for o, b in received[middle:]], f"{line}: same request {received[start:]}")
    for line, needle in ((["create-data-source-from-s3", "--data", "x"],
                          "ambiguous option: --data could match --data-source-id, --data-source-name, --data-spec"),
                         (["get-ml-model", "--ml-model-id", "m", "--no"],
                          "ambiguous option: --no could match --no-verify-ssl, --no-paginate, --no-sign-request"),
                         (["get-ml-model", "--ml-model-id", "m", "--max-items", "1"], "unknown option: --max-items"),
                         (["wait", "ml-model-available", "--page-size", "1"], "unknown option: --page-size")):
        start = len(received)
        ours = subprocess.run([cli_bin, "machinelearning", *line, "--endpoint-url", endpoint], env=env,
                              capture_output=True, text=True, timeout=60)
        theirs = aws_program.run(["machinelearning", *line, "--endpoint-url", endpoint], env)
        check(ours.returncode == 252 and needle in ours.stderr and ours.stdout == "", f"{line}: exit {ours.returncode} {ours.stderr!r}")
        check(theirs.returncode != 0 and len(received) == start, f"{line}: the AWS CLI refuses it too, nothing sent")

    # --generate-cli-skeleton: the parameters' blanks (input), or the command line checked and a
    # sample answer printed as an answer is (output); nothing is sent. Byte for byte as the AWS
    # CLI, but for its random choice of an enumeration's value (ours takes the first), and
    # Predict's output, where the AWS CLI fails on its own sample.
    def with_enums_of(theirs, ours, shape_name):
        """`theirs` with each enumeration's value replaced by ours, both checked to be values."""
        shape = shapes[shape_name]
        if shape["type"] == "structure" and isinstance(theirs, dict) and isinstance(ours, dict):
            return {k: with_enums_of(v, ours.get(k), shape["members"][k]["shape"]) if k in shape["members"] else v
                    for k, v in theirs.items()}
        if shape["type"] == "list" and isinstance(theirs, list) and isinstance(ours, list) and len(ours) == len(theirs):
            return [with_enums_of(t, o, shape["member"]["shape"]) for t, o in zip(theirs, ours)]
        if "enum" in shape and ours in shape["enum"]:
            check(theirs in shape["enum"], f"skeleton: {theirs!r} is a value of {shape_name}")
            return ours
        return theirs

    def skeleton_commands():
        for op_name, op in operations.items():
            yield [xform(op_name)], op_name, arguments(op_name)
        for waiter, description in json.load(open(os.path.join(os.path.dirname(model_file), "waiters-2.json")))["waiters"].items():
            yield ["wait", xform(waiter)], description["operation"], []

    before = len(received)
    for command, op_name, args in skeleton_commands():
        label = " ".join(command) + " --generate-cli-skeleton"
        ours, theirs, _, _ = both(command, ["--generate-cli-skeleton"])
        check(ours.returncode == theirs.returncode == 0 and ours.stderr == "",
              f"{label}: exit {ours.returncode} vs {theirs.returncode} {ours.stderr!r} {theirs.stderr[-200:]!r}")
        if ours.returncode == theirs.returncode == 0:
            expected = with_enums_of(json.loads(theirs.stdout), json.loads(ours.stdout), operations[op_name]["input"]["shape"])
            check(ours.stdout == json.dumps(expected, indent=4) + "\n", f"{label}:\n{ours.stdout}\nvs aws\n{theirs.stdout}")
        for output in ("json", "text", "table"):
            label = f"{' '.join(command)} --generate-cli-skeleton output --output {output}"
            ours, theirs, _, _ = both(command, [*args, "--generate-cli-skeleton", "output", "--output", output])
            if op_name == "Predict":  # botocore refuses its own sample: Prediction.details' "" is too short
                check(ours.returncode == 0 and theirs.returncode == 255 and "Prediction.details" in theirs.stderr,
                      f"{label}: exit {ours.returncode} vs {theirs.returncode} {theirs.stderr[-200:]!r}")
                if output == "json" and ours.returncode == 0:
                    prediction = json.loads(ours.stdout)["Prediction"]
                    check(prediction == {"predictedLabel": "predictedLabel", "predictedValue": 0.0,
                                         "predictedScores": {"KeyName": 0.0}, "details": {"KeyName": ""}},
                          f"{label}: {ours.stdout}")
                continue
            check(ours.returncode == theirs.returncode == 0 and ours.stdout == theirs.stdout and ours.stderr == "",
                  f"{label}: exit {ours.returncode} vs {theirs.returncode}\n{ours.stdout[:600]}{ours.stderr}\nvs aws\n"
                  f"{theirs.stdout[:600]}{theirs.stderr[-300:]}")
    ours, theirs, _, _ = both(["get-ml-model"], ["--ml-model-id", "m", "--generate-cli-skeleton", "output",
                                                 "--query", "{when: CreatedAt, size: SizeInBytes, ids: [MLModelId, Name]}"])
    check(ours.returncode == 0 and ours.stdout == theirs.stdout, f"skeleton output with --query: {ours.stdout!r} vs {theirs.stdout!r}")
    # The command line is checked as its call would be; what fails prints nothing on stdout.
    for args, code, needle in ((["get-ml-model", "--generate-cli-skeleton", "output"], 252, "--ml-model-id"),
                               (["get-ml-model", "--ml-model-id", "", "--generate-cli-skeleton", "output"], 252, "MLModelId"),
                               (["get-ml-model", "--ml-model-id", "m", "--generate-cli-skeleton", "bogus"], 252,
                                '--generate-cli-skeleton: expected input or output, got "bogus"'),
                               (["wait", "ml-model-available", "--generate-cli-skeleton", "outputs"], 252, "--generate-cli-skeleton"),
                               (["predict", "--ml-model-id", "m", "--record", "a=1", "--predict-endpoint", "http://elsewhere.example",
                                 "--generate-cli-skeleton", "output"], 252, "PredictEndpoint")):
        ours = subprocess.run([cli_bin, "machinelearning", *args, "--endpoint-url", endpoint], env=env,
                              capture_output=True, text=True, timeout=60)
        check(ours.returncode == code and needle in ours.stderr and ours.stdout == "",
              f"{args}: exit {ours.returncode} {ours.stderr!r} {ours.stdout[:100]!r}")
    no_region = {k: v for k, v in env.items() if k != "AWS_DEFAULT_REGION"}
    ours = subprocess.run([cli_bin, "machinelearning", "get-ml-model", "--ml-model-id", "m", "--generate-cli-skeleton", "output"],
                          env=no_region, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 253 and "region" in ours.stderr and ours.stdout == "", f"skeleton without a region: exit {ours.returncode} {ours.stderr!r}")
    # No credentials are needed: nothing is signed.
    no_keys = {k: v for k, v in env.items() if k not in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    ours = subprocess.run([cli_bin, "machinelearning", "get-ml-model", "--ml-model-id", "m", "--generate-cli-skeleton", "output",
                           "--endpoint-url", endpoint, "--query", "MLModelId"], env=no_keys, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 0 and ours.stdout == '"MLModelId"\n', f"skeleton without credentials: exit {ours.returncode} {ours.stderr!r}")
    check(len(received) == before, f"--generate-cli-skeleton sent nothing: {received[before:][:2]}")

    # --no-sign-request: the request the AWS CLI sends, unsigned: no Authorization, no X-Amz-Date,
    # and the session token in the environment not sent.
    def headers_of(command_run):
        first = len(server.request_headers)
        done = command_run()
        return done, [dict(h.items()) for h in server.request_headers[first:]]

    with_token = dict(env, AWS_SESSION_TOKEN="the-session-token")
    answers["GetMLModel"] = (200, {"MLModelId": "ml-u", "SizeInBytes": 7})
    args = ["machinelearning", "get-ml-model", "--ml-model-id", "ml-u", "--no-sign-request", "--endpoint-url", endpoint]
    ours, our_headers = headers_of(lambda: subprocess.run([cli_bin, *args], env=with_token, capture_output=True, text=True, timeout=60))
    theirs, their_headers = headers_of(lambda: aws_program.run([*args, "--output", "json"], with_token))
    check(ours.returncode == theirs.returncode == 0 and ours.stdout == theirs.stdout,
          f"--no-sign-request: exit {ours.returncode} vs {theirs.returncode} {ours.stderr!r} {theirs.stderr!r}")
    check(len(our_headers) == len(their_headers) == 1, f"--no-sign-request: one request each")
    for who, seen in (("ours", our_headers), ("aws", their_headers)):
        signed = [name for h in seen for name in h if name.lower() in ("authorization", "x-amz-date", "x-amz-security-token")]
        check(seen and not signed, f"--no-sign-request, {who}: unsigned: {signed}")
    # Without it, the same command line is signed with the session token.
    args.remove("--no-sign-request")
    ours, our_headers = headers_of(lambda: subprocess.run([cli_bin, *args], env=with_token, capture_output=True, text=True, timeout=60))
    check(ours.returncode == 0 and our_headers and "Authorization" in our_headers[0]
          and our_headers[0].get("X-Amz-Security-Token") == "the-session-token", f"signed by default: {our_headers}")
    # No credentials anywhere: an unsigned call needs none.
    ours = subprocess.run([cli_bin, *args, "--no-sign-request"], env=no_keys, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 0 and json.loads(ours.stdout or "{}").get("MLModelId") == "ml-u",
          f"--no-sign-request without credentials: exit {ours.returncode} {ours.stderr!r}")

    # Error responses named as botocore names them: by the status where the body names no error
    # (with the reason phrase for a 5xx that is empty or an HTML page, the body when it is not
    # JSON), and "(reached max retries: N)" where the standard mode's last attempt failed. Byte for
    # byte as the AWS CLI, but for its exit code (v1's 255; ours is v2's 254).
    standard = dict(env, AWS_RETRY_MODE="standard", AWS_MAX_ATTEMPTS="2")
    for status, payload, expected, *headers in (
            (502, b"", "(502) when calling the GetMLModel operation (reached max retries: 1): Bad Gateway"),
            (500, b"<html>oops</html>", "(500) when calling the GetMLModel operation (reached max retries: 1): "
                                        "Internal Server Error"),
            (400, b"<html>no</html>", "(400) when calling the GetMLModel operation: <html>no</html>"),
            (400, {"message": "no type"}, "(400) when calling the GetMLModel operation: no type"),
            (400, {"__type": "com.amazon.coral#ThrottlingException", "message": "slow"},
             "(ThrottlingException) when calling the GetMLModel operation (reached max retries: 1): slow"),
            (404, {"__type": "ResourceNotFoundException", "message": "gone"},
             "(ResourceNotFoundException) when calling the GetMLModel operation: gone"),
            # What botocore makes of odd bodies: blank ones, bodies that are not JSON, non-ASCII
            # text, a long body whole, a "code" member or a header it does not read.
            (503, b"\r\n <html>x</html>", "(503) when calling the GetMLModel operation (reached max retries: 1): "
                                           "Service Unavailable"),
            (507, b"\x0c", "(507) when calling the GetMLModel operation: Insufficient Storage"),
            (400, b"{oops", "(400) when calling the GetMLModel operation: {oops"),
            (400, "café à la carte".encode(), "(400) when calling the GetMLModel operation: café à la carte"),
            (400, b"x" * 250, "(400) when calling the GetMLModel operation: " + "x" * 250),
            (400, {"code": "Foo", "message": "m"}, "(400) when calling the GetMLModel operation: m"),
            (400, {"__type": ""}, "() when calling the GetMLModel operation: "),
            (400, b"plain text", "(400) when calling the GetMLModel operation: plain text",
             {"X-Amzn-ErrorType": "Bar"})):
        answers["GetMLModel"] = (status, payload, *headers)
        args = ["machinelearning", "get-ml-model", "--ml-model-id", "ml-e", "--endpoint-url", endpoint]
        start = len(received)
        ours = subprocess.run([cli_bin, *args], env=standard, capture_output=True, text=True, timeout=60)
        sent = len(received) - start
        theirs = aws_program.run(args, standard)
        line = "\nAn error occurred " + expected + "\n"
        check(ours.returncode == 254 and ours.stdout == "" and ours.stderr == line,
              f"HTTP {status} {payload!r}: exit {ours.returncode} {ours.stderr!r}")
        check(theirs.returncode != 0 and theirs.stderr == ours.stderr,
              f"HTTP {status} {payload!r}: as the AWS CLI: {theirs.stderr!r} vs {ours.stderr!r}")
        check(sent == (2 if "reached" in expected else 1), f"HTTP {status} {payload!r}: {sent} attempts")
    # What the service writes cannot steer the terminal: its control characters, bidirectional
    # overrides and bytes that are not UTF-8 are escaped.
    args = ["machinelearning", "get-ml-model", "--ml-model-id", "ml-e", "--endpoint-url", endpoint]
    answers["GetMLModel"] = (400, {"__type": "Bad\x1b[2J", "message": "m \x1b]0;title\x07 \u009b1m \u202eé\r\nFAKE"})
    ours = subprocess.run([cli_bin, *args], env=standard, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 254 and ours.stderr == "\nAn error occurred (Bad\\x1b[2J) when calling the GetMLModel "
          "operation: m \\x1b]0;title\\x07 \\u009b1m \\u202eé\\r\\nFAKE\n", f"control characters: {ours.stderr!r}")
    answers["GetMLModel"] = (400, b"raw \x9b2J \xff end")
    ours = subprocess.run([cli_bin, *args], env=standard, capture_output=True, timeout=60)
    check(ours.returncode == 254 and ours.stderr == b"\nAn error occurred (400) when calling the GetMLModel "
          b"operation: raw \\x9b2J \\xff end\n", f"bytes that are not UTF-8: {ours.stderr!r}")

    # --no-paginate with pagination arguments: refused naming those given, as botocore does.
    for given, named in ((["--page-size", "2"], "--page-size"),
                         (["--max-items", "1", "--starting-token", "x"], "--starting-token, --max-items")):
        args = ["machinelearning", "describe-data-sources", "--no-paginate", *given, "--endpoint-url", endpoint]
        start = len(received)
        ours = subprocess.run([cli_bin, *args], env=env, capture_output=True, text=True, timeout=60)
        theirs = aws_program.run(args, env)
        line = "\nError during pagination: Cannot specify --no-paginate along with pagination arguments: " + named + "\n"
        check(ours.returncode == 255 and ours.stderr == line and len(received) == start,
              f"--no-paginate {given}: exit {ours.returncode} {ours.stderr!r}")
        check(theirs.stderr == line, f"--no-paginate {given}: as the AWS CLI {theirs.stderr!r}")

    # As argparse reads a command line: `--name=value` binds the value, whatever it looks like
    # (`--version`, `-x`, `help`), and the option takes no other; a word `help` where no option
    # takes it asks for the command's help; a flag given a value is refused.
    answers["DescribeMLModels"] = (200, {"Results": [{"MLModelId": "ml-a"}]})
    answers["GetMLModel"] = (200, {"MLModelId": "ml-b"})
    for line in (["describe-ml-models", "--filter-variable", "Name", "--eq=--version"],
                 ["describe-ml-models", "--filter-variable=Name", "--eq=help"],
                 ["get-ml-model", "--ml-model-id=-x"],
                 ["get-ml-model", "--ml-model-id", "help"],
                 ["delete-tags", "--resource-id", "x", "--resource-type", "MLModel", "--tag-keys=--a"]):
        ours, theirs, ours_sent, theirs_sent = both(line, [])
        check(ours.returncode == theirs.returncode == 0 and json.loads(ours.stdout) == json.loads(theirs.stdout),
              f"{line}: exit {ours.returncode} vs {theirs.returncode} {ours.stderr!r} {theirs.stderr[-200:]!r}")
        check(len(ours_sent) == 1 and [json.loads(b) for _, b in ours_sent] == [json.loads(b) for _, b in theirs_sent],
              f"{line}: the same request {ours_sent} vs {theirs_sent}")
    for line in (["get-ml-model", "--ml-model-id", "x", "help"], ["describe-ml-models", "--output", "text", "help"],
                 ["wait", "ml-model-available", "--filter-variable", "Name", "help"]):
        start = len(received)
        ours = subprocess.run([cli_bin, "machinelearning", *line, "--endpoint-url", endpoint], env=env,
                              capture_output=True, text=True, timeout=60)
        # (The AWS CLI shows its help through groff and a pager, which this test's environment lacks.)
        check(ours.returncode == 0 and "DESCRIPTION" in ours.stdout and len(received) == start,
              f"{line}: help, nothing sent: exit {ours.returncode}, {len(received) - start} sent")
    for line, needle in ((["get-ml-model", "--ml-model-id", "x", "--verbose=true"],
                          "argument --verbose: ignored explicit argument 'true'"),
                         (["describe-ml-models", "--no-paginate=yes"],
                          "argument --no-paginate: ignored explicit argument 'yes'"),
                         (["delete-tags", "--resource-id", "x", "--resource-type", "MLModel", "--tag-keys=a", "b"],
                          'unexpected argument "b"'),
                         (["get-ml-model", "--ml-model-id", "x", "--version=1"],
                          "argument --version: ignored explicit argument '1'"),
                         (["get-ml-model", "--profile", "--ml-model-id=x"], "--profile: expected a value")):
        start = len(received)
        ours = subprocess.run([cli_bin, "machinelearning", *line, "--endpoint-url", endpoint], env=env,
                              capture_output=True, text=True, timeout=60)
        theirs = aws_program.run(["machinelearning", *line, "--endpoint-url", endpoint], env)
        check(ours.returncode == 252 and needle in ours.stderr and theirs.returncode != 0 and len(received) == start,
              f"{line}: exit {ours.returncode} {ours.stderr!r}, aws {theirs.returncode}")
    # A bound value is checked as the argument it is (the AWS CLI sends what Python made of it).
    ours = subprocess.run([cli_bin, "machinelearning", "get-ml-model", "--ml-model-id=caf\udcff", "--endpoint-url",
                           endpoint], env=env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 252 and "--ml-model-id: invalid UTF-8 at byte 3" in ours.stderr,
          f"a bound value that is not UTF-8: exit {ours.returncode} {ours.stderr!r}")
    ours = subprocess.run([cli_bin, "--debug=1", "machinelearning", "get-ml-model"], env=env, capture_output=True, text=True,
                          timeout=60)
    check(ours.returncode == 252 and "argument --debug: ignored explicit argument '1'" in ours.stderr,
          f"--debug=1: exit {ours.returncode} {ours.stderr!r}")
    for line in (["help"], ["--help"], ["machinelearning", "help"]):
        ours = subprocess.run([cli_bin, *line], env=env, capture_output=True, text=True, timeout=60)
        check(ours.returncode == 0 and "describe-ml-models" in ours.stdout and ours.stderr == "",
              f"awsml {line}: exit {ours.returncode} {ours.stderr!r}")

    # --max-items as the AWS CLI reads it: 0 is warned of, then prints no result and the token to go
    # on from (byte for byte); a count past int64 is no limit. A page's Limit or NextToken given by
    # hand is read as --no-paginate, and refused with pagination arguments in botocore's words.
    answers["DescribeMLModels"] = (200, {"Results": [{"MLModelId": "ml-a"}, {"MLModelId": "ml-b"}]})
    for args in (["--max-items", "0"], ["--max-items", "99999999999999999999"], ["--max-items", "1_0"]):
        ours, theirs, _, _ = both(["describe-ml-models"], args)
        check(ours.returncode == theirs.returncode == 0 and ours.stdout == theirs.stdout and ours.stderr == theirs.stderr,
              f"{args}: exit {ours.returncode} vs {theirs.returncode}, {ours.stdout!r}{ours.stderr!r} vs "
              f"{theirs.stdout!r}{theirs.stderr!r}")
    ours = subprocess.run([cli_bin, "machinelearning", "describe-ml-models", "--max-items", "-1", "--endpoint-url", endpoint],
                          env=env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 252 and '--max-items: expected 0 or more, got "-1"' in ours.stderr and ours.stdout == "",
          f"--max-items -1 (the AWS CLI drops the last result): exit {ours.returncode} {ours.stderr!r}")
    for given, named in ((["--limit", "2", "--max-items", "1"], "--max-items"),
                         (["--next-token", "t", "--page-size", "1", "--starting-token", "s"], "--starting-token, --page-size")):
        start = len(received)
        ours, theirs, _, _ = both(["describe-ml-models"], given)
        line = "\nError during pagination: Cannot specify --no-paginate along with pagination arguments: " + named + "\n"
        check(ours.returncode == theirs.returncode == 255 and ours.stderr == theirs.stderr == line
              and len(received) == start, f"{given}: exit {ours.returncode} {ours.stderr!r} vs {theirs.stderr!r}")

    # --cli-input-json makes no option required: botocore's validation names what is missing, and
    # a member the shape does not have, under its heading, byte for byte.
    for line in (["get-ml-model", "--cli-input-json", "{}"],
                 ["get-ml-model", "--cli-input-json", '{"MLModelId": "m", "Bogus": 1}'],
                 ["create-ml-model", "--cli-input-json", '{"MLModelId": "m", "Bogus": 1, "Parameters": {}, "X": 2}'],
                 ["create-data-source-from-rds", "--cli-input-json",
                  '{"DataSourceId": "d", "RoleARN": "r", "RDSData": {"Bogus": 1, "DatabaseInformation": {"Z": 1}}}'],
                 ["add-tags", "--resource-id", "x", "--resource-type", "MLModel", "--tags", '[{"Key": "k", "Extra": 1}]'],
                 # botocore's range checks (lengths and values below their minimums), in the AWS
                 # CLI's order of parameters: options in the shape's order, then the JSON's.
                 ["get-ml-model", "--ml-model-id", ""],
                 ["describe-ml-models", "--limit", "0"],
                 # One request (not a walk) takes no PaginationConfig, as botocore's validation says.
                 ["describe-ml-models", "--no-paginate", "--cli-input-json", '{"PaginationConfig": {"MaxItems": 1}}'],
                 ["describe-ml-models", "--limit", "2", "--cli-input-json", '{"PaginationConfig": {"PageSize": 1}}'],
                 ["describe-ml-models", "--page-size", "0"],
                 ["describe-ml-models", "--page-size", "-3"],
                 ["delete-tags", "--resource-id", "x", "--resource-type", "MLModel", "--tag-keys", "", "a", ""],
                 ["add-tags", "--resource-id", "", "--resource-type", "MLModel", "--tags", "Key=,Value="],
                 ["add-tags", "--resource-type", "MLModel", "--tags", "Key=,Value=", "--cli-input-json",
                  '{"Bogus": 1, "ResourceId": "", "Tags": []}'],
                 ["create-data-source-from-rds", "--cli-input-json",
                  '{"DataSourceId": "", "RoleARN": "r", "RDSData": {"DatabaseInformation": {"InstanceIdentifier": "",'
                  ' "DatabaseName": "d"}, "SelectSqlQuery": "q", "DatabaseCredentials": {"Username": "u", "Password":'
                  ' "short"}, "S3StagingLocation": "s3://b/", "ResourceRole": "r", "ServiceRole": "s",'
                  ' "SubnetId": "s", "SecurityGroupIds": ["", "sg"]}}']):
        start = len(received)
        ours = subprocess.run([cli_bin, "machinelearning", *line, "--endpoint-url", endpoint], env=env,
                              capture_output=True, text=True, timeout=60)
        theirs = aws_program.run(["machinelearning", *line, "--endpoint-url", endpoint], env)
        check(ours.returncode == 252 and ours.stderr.startswith("\nParameter validation failed:\n")
              and ours.stderr == theirs.stderr and len(received) == start,
              f"{line}: exit {ours.returncode} {ours.stderr!r} vs {theirs.stderr!r}")

    # The AWS CLI's connect timeout is botocore's 60 s, unless a defaults mode sets one (standard:
    # 3.1 s): a listener whose accept queue is full drops the SYNs, so a connection never opens.
    import socket
    full = socket.socket()
    full.bind(("127.0.0.1", 0))
    full.listen(0)
    queued = []
    for _ in range(4):
        c = socket.socket()
        c.setblocking(False)
        c.connect_ex(full.getsockname())
        queued.append(c)
    black_hole = "http://127.0.0.1:%d" % full.getsockname()[1]
    once = dict(env, AWS_MAX_ATTEMPTS="1")
    line = [cli_bin, "machinelearning", "get-ml-model", "--ml-model-id", "m", "--endpoint-url", black_hole]
    try:
        waited = subprocess.run(line, env=once, capture_output=True, text=True, timeout=8)
        check(False, f"the default connect timeout is 60 s: ended after under 8 s: {waited.stderr!r}")
    except subprocess.TimeoutExpired:
        check(True, "")
    for extra_env, extra_args in (({"AWS_DEFAULTS_MODE": "standard"}, []), ({}, ["--cli-connect-timeout", "1"])):
        ended = subprocess.run(line + extra_args, env=dict(once, **extra_env), capture_output=True, text=True, timeout=60)
        check(ended.returncode == 255 and ended.stderr.startswith('\nConnect timeout on endpoint URL: "http://'),
              f"{extra_env} {extra_args}: a connect timeout: exit {ended.returncode} {ended.stderr!r}")
    for c in queued:
        c.close()
    full.close()

    # --no-verify-ssl warns where there is TLS to verify, not for an http:// endpoint.
    ours = subprocess.run([cli_bin, "machinelearning", "get-ml-model", "--ml-model-id", "m", "--no-verify-ssl",
                           "--endpoint-url", endpoint], env=env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 0 and ours.stderr == "", f"--no-verify-ssl over http: {ours.stderr!r}")
    ours = subprocess.run([cli_bin, "machinelearning", "get-ml-model", "--ml-model-id", "m", "--no-verify-ssl"],
                          env=dict(env, AWS_ENDPOINT_URL=endpoint), capture_output=True, text=True, timeout=60)
    check(ours.returncode == 0 and ours.stderr == "", f"--no-verify-ssl, AWS_ENDPOINT_URL over http: {ours.stderr!r}")
    ours = subprocess.run([cli_bin, "machinelearning", "get-ml-model", "--ml-model-id", "m", "--no-verify-ssl",
                           "--endpoint-url", "https://127.0.0.1:1", "--cli-connect-timeout", "1"],
                          env=dict(env, AWS_MAX_ATTEMPTS="1"), capture_output=True, text=True, timeout=60)
    check(ours.stderr.startswith("warning: --no-verify-ssl"), f"--no-verify-ssl over https warns: {ours.stderr!r}")

server.shutdown()
checks.finish()
