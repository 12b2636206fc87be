#!/usr/bin/env python3
"""The shorthand syntax (--rds-data DatabaseInformation={InstanceIdentifier=db},...) as the real
AWS CLI (v1, awscli/shorthand.py) reads it: the awsml CLI and `aws` run the same command line
against one test server on 127.0.0.1, and must send the same request, or both refuse it.

First, cases written by hand: nested structures and lists, quotes and escapes, Key@=file://,
lists that end where the next key begins, and errors with botocore's caret. Then command lines
generated at random (a fixed seed) from the grammar's characters and corners, for a map
(Predict's --record: any key, text values) and for a nested structure with constraints
(CreateDataSourceFromRDS's --rds-data). Where `aws` sends a request that awsml refuses, the
request must break a constraint of the service model, which awsml checks before sending.
Last, each option's "Shorthand Syntax", "JSON Syntax" and "Syntax" examples in --help must be
the ones the AWS CLI's own generators make (tests/support/aws_syntax_examples.py).
Usage: test_cli_shorthand.py AWSML_CLI SERVICE_MODEL_JSON"""
import json
import os
import random
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

for missing, what in ((not os.path.exists(model_file), "the service model is missing: " + model_file),
                      (not aws_program.available(), "the AWS CLI (aws) is not on PATH")):
    if missing:
        if os.environ.get("AWSML_REQUIRE_VECTORS") == "1":
            raise SystemExit(what)
        print("SKIPPED:", what)
        raise SystemExit(0)
shapes = json.load(open(model_file))["shapes"]


def breaks_constraint(shape_name, value):
    """Whether `value` breaks a length, pattern or required constraint of the model's shape (the
    checks awsml makes before sending and botocore leaves to the service)."""
    shape = shapes[shape_name]
    kind = shape["type"]
    if kind == "structure" and isinstance(value, dict):
        return any(name not in value for name in shape.get("required", [])) or any(
            breaks_constraint(shape["members"][k]["shape"], v) for k, v in value.items() if k in shape["members"])
    if kind == "list" and isinstance(value, list):
        return (not shape.get("min", 0) <= len(value) <= shape.get("max", len(value))
                or any(breaks_constraint(shape["member"]["shape"], v) for v in value))
    if kind == "string" and isinstance(value, str):
        return (not shape.get("min", 0) <= len(value) <= shape.get("max", len(value))
                or ("pattern" in shape and not re.fullmatch(shape["pattern"], value))
                or ("enum" in shape and value not in shape["enum"]))
    return False


received = []
answers = {"Predict": (200, {"Prediction": {"predictedLabel": "1"}}),
           "CreateDataSourceFromRDS": (200, {"DataSourceId": "ds-1"}),
           "CreateDataSourceFromRedshift": (200, {"DataSourceId": "ds-1"}),
           "AddTags": (200, {"ResourceId": "m", "ResourceType": "MLModel"})}


def recorded_answer(operation, body):
    received.append((operation, json.loads(body.decode())))
    status, payload = answers[operation]
    return status, payload


server, endpoint = json_service.serve(recorded_answer)
COMMANDS = {"--record": ["predict", "--ml-model-id", "ml-1", "--predict-endpoint", endpoint],
            "--rds-data": ["create-data-source-from-rds", "--data-source-id", "ds-1",
                           "--role-arn", "arn:aws:iam::123456789012:role/ml"],
            "--data-spec": ["create-data-source-from-redshift", "--data-source-id", "ds-1",
                            "--role-arn", "arn:aws:iam::123456789012:role/ml"],
            "--tags": ["add-tags", "--resource-id", "m", "--resource-type", "MLModel"]}
MEMBERS = {"--record": "Record", "--rds-data": "RDSData", "--data-spec": "DataSpec", "--tags": "Tags"}
INPUTS = {"--record": "PredictInput", "--rds-data": "CreateDataSourceFromRDSInput",
          "--data-spec": "CreateDataSourceFromRedshiftInput", "--tags": "AddTagsInput"}
tally = {"same request": 0, "both refused": 0, "constraint": 0}

with tempfile.TemporaryDirectory() as tmp:
    env = json_service.isolated_environment(tmp)
    query_file = os.path.join(tmp, "query.sql")
    with open(query_file, "w") as f:
        f.write("select a, b\nfrom t where c = 'x'")

    def both(option, *values):
        """(ours, theirs, our requests, their requests) for one option's values."""
        command = [*COMMANDS[option], option, *values, "--endpoint-url", endpoint]
        start = len(received)
        ours = subprocess.run([cli_bin, "machinelearning", *command], env=env, capture_output=True,
                              text=True, timeout=60)
        middle = len(received)
        theirs = aws_program.run(["machinelearning", *command, "--output", "json"], env)
        return ours, theirs, received[start:middle], received[middle:]

    def compare(option, values, label):
        """Checks that both send the same request or both refuse; returns which it was."""
        ours, theirs, our_requests, their_requests = both(option, *values)
        if theirs.returncode == 0 and ours.returncode == 0:
            check(our_requests == their_requests, f"{label}: same request\n{our_requests}\n{their_requests}")
            tally["same request"] += 1
            return "sent"
        if theirs.returncode == 0:
            # Sent by aws, refused by awsml before sending: only for what breaks the model.
            request = their_requests[0][1] if their_requests else None
            check(ours.returncode == 252 and request is not None and breaks_constraint(INPUTS[option], request),
                  f"{label}: refused by awsml only ({ours.returncode}): {ours.stderr[-400:]!r}\nsent by aws: {request}")
            tally["constraint"] += 1
            return "constraint"
        check(ours.returncode == 252 and not our_requests and ours.stdout == ""
              and (option in ours.stderr or MEMBERS[option] in ours.stderr),
              f"{label}: aws refuses it ({theirs.returncode}: {theirs.stderr[-300:]!r}); awsml exits "
              f"{ours.returncode}, sent {our_requests}, said {ours.stderr[-300:]!r}")
        tally["both refused"] += 1
        return "refused"

    crlf_file = os.path.join(tmp, "crlf.txt")
    with open(crlf_file, "wb") as f:
        f.write(b"x\r\ny\rz")
    tags_file = os.path.join(tmp, "tags.txt")
    with open(tags_file, "w") as f:
        f.write("Key=a,Value=b")
    # Large enough that an escape handled by moving the rest of the text each time would take
    # minutes: the subprocess's timeout proves the call ends.
    escapes_file = os.path.join(tmp, "escapes.txt")
    with open(escapes_file, "w") as f:
        f.write("a=" + "x\\," * 2_000_000)
    rds_parts = ["DatabaseInformation={InstanceIdentifier=db-1,DatabaseName=ml}", "SelectSqlQuery='select a, b from t'",
                 "DatabaseCredentials={Username=admin,Password=pass\\,word1}", "S3StagingLocation=s3://bucket/stage/",
                 "ResourceRole=DataPipelineDefaultResourceRole", "ServiceRole=DataPipelineDefaultRole",
                 "SubnetId=subnet-1", "SecurityGroupIds=sg-1,sg-2"]
    rds = ",".join(rds_parts)
    # Written by hand: what each case shows is in its label; "sent" ones must match exactly.
    for option, values, expected, label in (
            ("--rds-data", [rds], "sent", "nested structures, a quoted comma, an escaped comma, a list after Key="),
            ("--rds-data", [rds.replace("SecurityGroupIds=sg-1,sg-2", "SecurityGroupIds=[sg-1, 'sg 2']")], "sent",
             "an explicit list"),
            ("--rds-data", [rds.replace("SecurityGroupIds=sg-1,sg-2", "SecurityGroupIds=sg-1")], "sent",
             "one value for a list"),
            ("--rds-data", [rds.replace("SelectSqlQuery='select a, b from t'", "SelectSqlQuery@=file://" + query_file)],
             "sent", "Key@=file://"),
            ("--rds-data", [rds.replace("SelectSqlQuery='select a, b from t'", "SelectSqlQuery=file://" + query_file)],
             "sent", "file:// without @ is text"),
            ("--rds-data", [rds.replace("'select a, b from t'", "\"say \\\"hi\\\" \\\\ there\"")], "sent",
             "escapes in double quotes"),
            ("--rds-data", [rds.replace("'select a, b from t'", "'it\\'s'")], "sent", "an escaped single quote"),
            ("--rds-data", [rds.replace("{Username=admin,", "{ Username = admin , ")], "sent", "blanks in {}"),
            ("--rds-data", [rds.replace("Password=pass\\,word1}", "Password=pass1word,Password=other123}")], "sent",
             "a key repeated inside {} replaces"),
            ("--rds-data", [rds + ",SubnetId=again"], "refused", "a key repeated at the top"),
            ("--rds-data", [rds.replace("DatabaseName=ml}", "DatabaseName=ml")], "refused", "a { not closed"),
            ("--rds-data", [rds.replace("DatabaseName=ml}", "DatabaseName=ml,Port=5432}")], "refused",
             "an unknown nested member"),
            ("--rds-data", [rds.replace("'select a, b from t'", "'unterminated")], "refused", "a quote not closed"),
            ("--rds-data", [json.dumps({"DatabaseInformation": {"InstanceIdentifier": "db-1", "DatabaseName": "ml"}})],
             "refused", "JSON, missing members"),
            ("--data-spec", ["DatabaseInformation={DatabaseName=db1,ClusterIdentifier=c-1},SelectSqlQuery=select 1,"
                             "DatabaseCredentials={Username=u,Password=12345678},S3StagingLocation=s3://b/s/"], "sent",
             "Redshift's nested structures"),
            ("--record", ["a=1,b=x y,c='1,2'"], "sent", "a map"),
            ("--record", ["a@=file://" + crlf_file], "sent", "a file's line ends read as Python reads text"),
            ("--record", ["file://" + crlf_file.replace("crlf", "tags")], "sent", "a map's whole value from a file"),
            ("--record", ["file://" + escapes_file], "sent", "a file of 2,000,000 escaped commas"),
            ("--tags", ["file://" + tags_file], "refused", "a list's file that is not JSON"),
            ("--rds-data", [rds.replace(",SecurityGroupIds=sg-1,sg-2", "")], "refused", "a required nested list left out"),
            ("--rds-data", [rds.replace("DatabaseName=ml", "Port=1")], "refused", "a required nested member left out"),
            ("--record", ["a=1,b"], "refused", "a map's value given as a list"),
            ("--record", ["a=1,b=2,c", "d=3"], "refused", "two values for a map"),
            ("--tags", ["Key=a,Value=b", "Key=c,Value="], "sent", "a list of structures, an empty value"),
            ("--tags", ["Key=a,Value=b", '{"Key": "c"}'], "refused", "shorthand, then JSON"),
            ("--tags", ['{"Key": "c", "Value": "d"}', '{"Key": "e", "Value": "f"}'], "sent", "JSON values"),
            ("--tags", [], "sent", "a list option with no value: an empty list"),
            ("--record", [], "refused", "a map option with no value"),
    ):
        outcome = compare(option, values, f"{option} {label}")
        check(outcome == expected, f"{option} {label}: {outcome}, expected {expected}")

    # A list's file that is not a JSON array: the AWS CLI takes its characters as the values.
    ours = subprocess.run([cli_bin, "machinelearning", "delete-tags", "--resource-id", "m", "--resource-type", "MLModel",
                           "--tag-keys", "file://" + query_file, "--endpoint-url", endpoint],
                          env=env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 252 and "--tag-keys: a list read from a file must be a JSON array" in ours.stderr,
          f"a list's file that is not JSON: {ours.returncode} {ours.stderr!r}")

    # botocore's caret under the position that does not parse (its own message prints the
    # template instead of the location: an AWS CLI bug not copied).
    ours = subprocess.run([cli_bin, "machinelearning", *COMMANDS["--record"], "--record", "a=[b c]x",
                           "--endpoint-url", endpoint], env=env, capture_output=True, text=True, timeout=60)
    check(ours.returncode == 252 and "--record: Expected: ',', received: 'x' for input:\na=[b c]x\n       ^" in ours.stderr,
          f"the caret: {ours.stderr!r}")

    # Generated at random from the grammar's characters and corners.
    rng = random.Random(20261205)
    plain = ["a", "b1", "x y", "é", "-", ".", ":", "/", "#", "\u00a0", "\x1c", "=", "@", "\\,", "\\"]
    special = [" ", "\t", "\n", ",", "[", "]", "{", "}", "'", '"', "\\'", "\u2028", "\U0001F600",
               "file://" + query_file, "file://" + tmp + "/none"]
    pieces = plain + special

    def word():
        return "".join(rng.choice(plain if rng.random() < 0.85 else special) for _ in range(rng.randint(0, 4)))

    def value(depth, keys):
        roll = rng.random()
        if depth < 2 and roll < 0.15:
            return "[" + ",".join(value(depth + 1, keys) for _ in range(rng.randint(0, 3))) + "]"
        if depth < 2 and roll < 0.3:
            return "{" + ",".join(pair(depth + 1, keys) for _ in range(rng.randint(0, 3))) + "}"
        if roll < 0.4:
            return "'" + word().replace("'", rng.choice(["\\'", ""])) + "'"
        if roll < 0.5:
            return '"' + word().replace('"', rng.choice(['\\"', ""])) + '"'
        if roll < 0.6:
            return word() + "," + word()
        return word()

    def pair(depth, keys):
        return rng.choice(keys) + rng.choice(["=", "=", " = ", "@=", "@ ="]) + value(depth, keys)

    def mutated(text):
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(pieces + [""]) + text[at + rng.randint(0, 2):]
        return text if not text.startswith("-") else "x" + text  # not taken for an option

    record_keys = ["a", "Key", "b.c", "x-y", "k#1", "", "k/2", "K:3"]
    for i in range(150):
        text = mutated(",".join(pair(0, record_keys) for _ in range(rng.randint(1, 4))))
        compare("--record", [text], f"--record {text!r} (case {i})")
    for i in range(150):
        parts = rds_parts[:]
        rng.shuffle(parts)
        if rng.random() < 0.5:  # a member's value replaced by a generated one
            at = rng.randrange(len(parts))
            parts[at] = parts[at].split("=")[0] + "=" + value(0, ["InstanceIdentifier", "DatabaseName", "Username",
                                                                  "Password", "Other"])
        text = mutated(",".join(parts))
        compare("--rds-data", [text], f"--rds-data {text!r} (case {i})")
    print("shorthand comparisons:", tally)
    # The generated cases must reach every outcome, or they prove little.
    check(tally["same request"] >= 50 and tally["both refused"] >= 50 and tally["constraint"] >= 1,
          f"the outcomes are spread: {tally}")

server.shutdown()

# The syntax examples of each option's --help, as the AWS CLI's own generators write them.
expected = json.loads(subprocess.run(
    [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support", "aws_syntax_examples.py")],
    capture_output=True, text=True, timeout=120, check=True).stdout)


def our_examples(command):
    """{"--option": {heading: text}} from `awsml machinelearning COMMAND --help`."""
    shown = subprocess.run([cli_bin, "machinelearning", command, "--help"], capture_output=True, text=True, timeout=60)
    found, option, heading = {}, None, None
    for line in shown.stdout.splitlines():
        if re.match(r"^    --", line):
            option, heading = line.split()[0], None
        elif option and re.match(r"^        (Shorthand Syntax|JSON Syntax|Syntax):$", line):
            heading = line.strip()[:-1]
            found.setdefault(option, {})[heading] = []
        elif heading and line.startswith(" " * 12):
            found[option][heading].append(line[12:])
        else:
            heading = None
    return {o: {h: "\n".join(lines) for h, lines in blocks.items()} for o, blocks in found.items()}


commands = json.loads(subprocess.run([sys.executable, "-c", "import botocore.session, json, re; print(json.dumps(["
                                      "re.sub('([a-z0-9])([A-Z])', r'\\1-\\2', re.sub('(.)([A-Z][a-z]+)', r'\\1-\\2', n)).lower()"
                                      " for n in botocore.session.get_session().get_service_model('machinelearning').operation_names]))"],
                                     capture_output=True, text=True, timeout=120, check=True).stdout)
for command in commands:
    ours = our_examples(command)
    check(ours == expected.get(command, {}), f"{command} --help: the syntax examples\n{ours}\n{expected.get(command)}")
check(sum(len(v) for v in expected.values()) >= 5, f"the AWS CLI gives examples for several options: {expected}")

checks.finish()
