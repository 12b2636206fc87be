#!/usr/bin/env python3
"""awsml-local as a user meets it: the program started here (--port 0, a temporary --s3-root filled
with CSV files and schemas, a temporary --state), driven through boto3 (its waiters, paginators and
error classes) and through the real AWS CLI v1, with the keys and endpoint set as a user sets them.

Groups of small named checks, all of which run; each prints 'ok - NAME' or 'not ok - NAME: REASON'
and the script exits 1 when any failed (77, meson's skip, when boto3 is missing):

  workflow       churn.csv: two S3 data sources (70/30 split), a BINARY model, evaluation, batch
                 prediction, real-time endpoint and Predict, with botocore's waiters
  multiclass     generated data with 3 separable classes; MulticlassAvgFScore, Predict's scores
  regression     generated y = 3 x1 - 2 x2 + noise; RegressionRMSE, Predict's value
  errors         unknown ids, idempotent Create*, tags and their limits, Delete*, Update*,
                 failing data sources (a missing S3 file, RDS)
  paginators     boto3's paginator, filters, sort order, forged and foreign NextTokens
  concurrency    8 threads with their own clients, 25 mixed calls each; the counts add up
  restart        SIGKILL, then a new emulator on the same --state answers the same; a garbage
                 --state file is refused and left alone
  aws-cli        `aws machinelearning ...` against an emulator with --processing-time 0

Metrics are never compared with hard-coded values, only with sane bounds and with what the data
itself says (its standard deviation, its split, the batch prediction's own scores).
Usage: test_local_workflow.py AWSML_LOCAL EXAMPLES_DATA_DIR"""
import csv
import datetime
import json
import math
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import traceback
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from local_emulator import (ACCESS_KEY as ACCESS, SECRET_KEY as SECRET, LocalRun, auc_of, batch_result_rows,  # noqa: E402
                            csv_text, schema_text, sequential_part, split)
import aws_program  # noqa: E402

local_bin, data_dir = sys.argv[1:3]
WAIT = {"Delay": 1, "MaxAttempts": 30}
started = time.monotonic()

# The temporary folder, its S3 root, the emulators, boto3 clients that read none of the user's
# files, the named checks; skipped (77) without boto3.
harness = LocalRun(local_bin, "awsml-workflow-")
from botocore.exceptions import ClientError, WaiterError  # noqa: E402

tmp, s3_root, no_models = harness.tmp, harness.s3_root, harness.no_models
emulators, failures = harness.emulators, harness.failures
check, client, put_object, cleanup = harness.check, harness.client, harness.put_object, harness.cleanup


def error_code(call, **params):
    """The service error code a call fails with, or None when it succeeds."""
    try:
        call(**params)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def answer(response):
    """A Get*/Describe* answer without the transport's ResponseMetadata."""
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def as_json(value):
    return json.dumps(value, sort_keys=True, default=str)


def wait(ml, waiter, **query):
    ml.get_waiter(waiter).wait(**query, WaiterConfig=WAIT)


def poll(get, done, timeout=15.0, every=0.03):
    """Calls get() until done(answer) or the timeout; returns the answers seen, in order."""
    seen = []
    deadline = time.monotonic() + timeout
    while True:
        seen.append(get())
        if done(seen[-1]) or time.monotonic() > deadline:
            return seen


# --- the data in the s3 root ---------------------------------------------------------------------

def macro_f1_of(pairs):
    """The F1 score averaged over the classes among the (true, predicted) labels."""
    classes = {c for pair in pairs for c in pair}
    total = 0.0
    for c in classes:
        tp = sum(t == p == c for t, p in pairs)
        total += 2 * tp / (sum(t == c for t, _ in pairs) + sum(p == c for _, p in pairs))
    return total / len(classes)


def is_yes(text):
    return text.strip().lower() in ("1", "yes", "y", "true", "t")


with open(os.path.join(data_dir, "churn.csv"), newline="") as f:
    churn_rows = list(csv.DictReader(f))
harness.make_bucket("results")  # the batch predictions' output
CHURN = put_object("data/churn/churn.csv", open(os.path.join(data_dir, "churn.csv")).read())
CHURN_SCHEMA = put_object("schemas/churn.csv.schema",
                          open(os.path.join(data_dir, "churn.csv.schema")).read())
churn_eval_rows = sequential_part(churn_rows, 70, 100)

rng = random.Random(20240611)
CENTRES = {"red": (0.0, 0.0), "green": (6.0, 6.0), "blue": (12.0, 0.0)}
colour_rows = []
for i in range(450):
    colour = ("red", "green", "blue")[i % 3]
    cx, cy = CENTRES[colour]
    colour_rows.append([f"{rng.gauss(cx, 1.0):.3f}", f"{rng.gauss(cy, 1.0):.3f}", colour])
rng.shuffle(colour_rows)
COLOURS = put_object("data/colours/colours.csv", csv_text(["x1", "x2", "colour"], colour_rows))
COLOURS_SCHEMA = put_object("schemas/colours.schema", schema_text(
    "colour", [("x1", "NUMERIC"), ("x2", "NUMERIC"), ("colour", "CATEGORICAL")]))

line_rows = []
for i in range(500):
    x1, x2 = rng.uniform(-5, 5), rng.uniform(-5, 5)
    line_rows.append([f"{x1:.4f}", f"{x2:.4f}", f"{3 * x1 - 2 * x2 + rng.gauss(0, 0.5):.4f}"])
LINE = put_object("data/line/line.csv", csv_text(["x1", "x2", "y"], line_rows))
LINE_SCHEMA = put_object("schemas/line.schema", schema_text(
    "y", [("x1", "NUMERIC"), ("x2", "NUMERIC"), ("y", "NUMERIC")]))
line_eval = sequential_part(line_rows, 70, 100)
line_eval_y = [float(r[2]) for r in line_eval]
line_eval_sd = math.sqrt(sum((y - sum(line_eval_y) / len(line_eval_y)) ** 2
                             for y in line_eval_y) / len(line_eval_y))

SMALL = put_object("data/small/small.csv", csv_text(["a", "b", "label"],
                                                    [[i, i % 7, i % 2] for i in range(40)]))
SMALL_SCHEMA_TEXT = schema_text("label", [("a", "NUMERIC"), ("b", "NUMERIC"), ("label", "BINARY")])


def s3_spec(location, schema_uri, rearrangement=None):
    spec = {"DataLocationS3": location, "DataSchemaLocationS3": schema_uri}
    if rearrangement:
        spec["DataRearrangement"] = rearrangement
    return spec


# --- the groups ----------------------------------------------------------------------------------

state = {}  # what later groups need from earlier ones


def workflow(ml, emulator):
    """Churn, from the CSV to Predict, as the developer guide's tutorial does it."""
    train_spec = s3_spec(CHURN, CHURN_SCHEMA, split(0, 70))
    eval_spec = s3_spec(CHURN, CHURN_SCHEMA, split(70, 100))
    out = ml.create_data_source_from_s3(DataSourceId="ds-churn-train", DataSourceName="churn-train",
                                        DataSpec=train_spec, ComputeStatistics=True)
    check("workflow: CreateDataSourceFromS3 answers its id", out["DataSourceId"] == "ds-churn-train", out)
    first = ml.get_data_source(DataSourceId="ds-churn-train")
    # PENDING lasts a quarter of --processing-time: a loaded machine may already see INPROGRESS.
    check("workflow: a data source is PENDING or INPROGRESS right after its creation",
          first["Status"] in ("PENDING", "INPROGRESS"), first["Status"])
    ml.create_data_source_from_s3(DataSourceId="ds-churn-eval", DataSourceName="churn-eval",
                                  DataSpec=eval_spec, ComputeStatistics=False)
    for name in ("churn-train", "churn-eval"):
        wait(ml, "data_source_available", FilterVariable="Name", EQ=name)
    check("workflow: data_source_available waiter", True)
    train = ml.get_data_source(DataSourceId="ds-churn-train", Verbose=True)
    evaluation_source = ml.get_data_source(DataSourceId="ds-churn-eval")
    size = os.path.getsize(os.path.join(s3_root, "data/churn/churn.csv"))
    check("workflow: data sources COMPLETED",
          train["Status"] == evaluation_source["Status"] == "COMPLETED",
          (train["Status"], evaluation_source["Status"]))
    check("workflow: DataSizeInBytes is the file's size and NumberOfFiles 1",
          train.get("DataSizeInBytes") == size and train.get("NumberOfFiles") == 1,
          (train.get("DataSizeInBytes"), size, train.get("NumberOfFiles")))
    check("workflow: ComputeStatistics as asked",
          train.get("ComputeStatistics") is True and evaluation_source.get("ComputeStatistics") is False,
          (train.get("ComputeStatistics"), evaluation_source.get("ComputeStatistics")))
    check("workflow: Verbose GetDataSource has the schema",
          json.loads(train.get("DataSourceSchema", "{}")).get("targetAttributeName") == "churned",
          train.get("DataSourceSchema", "")[:80])
    check("workflow: non-verbose GetDataSource has no schema",
          "DataSourceSchema" not in evaluation_source, list(evaluation_source))
    check("workflow: DataRearrangement kept",
          json.loads(evaluation_source.get("DataRearrangement", "{}")) == json.loads(eval_spec["DataRearrangement"]),
          evaluation_source.get("DataRearrangement"))

    out = ml.create_ml_model(MLModelId="ml-churn", MLModelName="churn-model", MLModelType="BINARY",
                             TrainingDataSourceId="ds-churn-train")
    check("workflow: CreateMLModel answers its id", out["MLModelId"] == "ml-churn", out)
    first = ml.get_ml_model(MLModelId="ml-churn")
    # PENDING lasts a quarter of --processing-time: a loaded machine may already see INPROGRESS.
    check("workflow: the model is PENDING or INPROGRESS right after CreateMLModel",
          first["Status"] in ("PENDING", "INPROGRESS"), first["Status"])
    check("workflow: a PENDING model has no StartedAt, an INPROGRESS one has, neither FinishedAt",
          ("StartedAt" in first) == (first["Status"] == "INPROGRESS") and "FinishedAt" not in first,
          (first["Status"], list(first)))
    wait(ml, "ml_model_available", FilterVariable="Name", EQ="churn-model")
    check("workflow: ml_model_available waiter", True)
    model = ml.get_ml_model(MLModelId="ml-churn", Verbose=True)
    check("workflow: model COMPLETED", model["Status"] == "COMPLETED", model["Status"])
    created, started_at, finished = model.get("CreatedAt"), model.get("StartedAt"), model.get("FinishedAt")
    check("workflow: CreatedAt <= StartedAt <= FinishedAt",
          created and started_at and finished and created <= started_at <= finished,
          (created, started_at, finished))
    if created and finished:
        took = (finished - created).total_seconds()
        check("workflow: training took about --processing-time (0.3 s to 10 s)", 0.3 <= took <= 10, took)
    check("workflow: LastUpdatedAt >= CreatedAt", model.get("LastUpdatedAt") and model["LastUpdatedAt"] >= created,
          model.get("LastUpdatedAt"))
    check("workflow: ComputeTime >= 0", isinstance(model.get("ComputeTime"), int) and model["ComputeTime"] >= 0,
          model.get("ComputeTime"))
    # LogUri links the Create*'s log, as the service's presigned S3 link does: a plain GET reads it.
    log_uri = model.get("LogUri", "")
    check("workflow: LogUri is the emulator's log of the model", log_uri == emulator.url + "/console/logs/ml-models/ml-churn",
          log_uri)
    if log_uri:
        with urllib.request.urlopen(log_uri, timeout=30) as got:
            log = got.read().decode()
        check("workflow: the log says the model was requested, started and COMPLETED with its size",
              log.startswith(model["CreatedAt"].astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.")) and
              " CreateMLModel ml-churn (\"churn-model\"), requested by " in log and
              f"COMPLETED (ComputeTime {model['ComputeTime']} ms): SizeInBytes {model['SizeInBytes']}\n" in log and
              log.count("\n") == 3, log)
    check("workflow: SizeInBytes > 0", model.get("SizeInBytes", 0) > 0, model.get("SizeInBytes"))
    check("workflow: TrainingDataSourceId and InputDataLocationS3",
          model.get("TrainingDataSourceId") == "ds-churn-train" and model.get("InputDataLocationS3") == CHURN,
          (model.get("TrainingDataSourceId"), model.get("InputDataLocationS3")))
    check("workflow: BINARY model's ScoreThreshold 0.5", model.get("ScoreThreshold") == 0.5,
          model.get("ScoreThreshold"))
    check("workflow: no endpoint yet (EndpointStatus NONE)",
          model.get("EndpointInfo", {}).get("EndpointStatus") == "NONE", model.get("EndpointInfo"))
    check("workflow: Verbose GetMLModel has a Recipe and the Schema",
          "Recipe" in model and json.loads(model.get("Schema", "{}")).get("rowId") == "customerId",
          list(model))
    check("workflow: TrainingParameters with the defaults",
          model.get("TrainingParameters", {}).get("sgd.maxPasses") == "10", model.get("TrainingParameters"))

    ml.create_evaluation(EvaluationId="ev-churn", EvaluationName="churn-evaluation", MLModelId="ml-churn",
                         EvaluationDataSourceId="ds-churn-eval")
    seen = poll(lambda: ml.get_evaluation(EvaluationId="ev-churn"),
                lambda e: e["Status"] in ("COMPLETED", "FAILED"))
    statuses = [s["Status"] for s in seen]
    order = {"PENDING": 0, "INPROGRESS": 1, "COMPLETED": 2, "FAILED": 2}
    # Its first read may already be INPROGRESS on a loaded machine, as the model's above.
    check("workflow: evaluation goes PENDING, INPROGRESS, COMPLETED (never back)",
          statuses[0] in ("PENDING", "INPROGRESS") and "INPROGRESS" in statuses and statuses[-1] == "COMPLETED"
          and all(order[a] <= order[b] for a, b in zip(statuses, statuses[1:])),
          sorted(set(statuses), key=statuses.index))
    check("workflow: no PerformanceMetrics before COMPLETED",
          all("PerformanceMetrics" not in s for s in seen if s["Status"] != "COMPLETED"), "")
    wait(ml, "evaluation_available", FilterVariable="Name", EQ="churn-evaluation")
    check("workflow: evaluation_available waiter", True)
    evaluation = ml.get_evaluation(EvaluationId="ev-churn")
    auc_text = evaluation.get("PerformanceMetrics", {}).get("Properties", {}).get("BinaryAUC")
    try:
        auc = float(auc_text)
    except (TypeError, ValueError):
        auc = None
    check("workflow: BinaryAUC is a number in (0.6, 1]", auc is not None and 0.6 < auc <= 1.0, auc_text)
    print(f"# churn BinaryAUC {auc_text}", flush=True)
    check("workflow: evaluation names its model, data source and data",
          (evaluation.get("MLModelId"), evaluation.get("EvaluationDataSourceId"), evaluation.get("InputDataLocationS3"))
          == ("ml-churn", "ds-churn-eval", CHURN), evaluation)

    ml.create_batch_prediction(BatchPredictionId="bp-churn", BatchPredictionName="churn-batch",
                               MLModelId="ml-churn", BatchPredictionDataSourceId="ds-churn-eval",
                               OutputUri="s3://results/churn/")
    first = ml.get_batch_prediction(BatchPredictionId="bp-churn")
    # As for the model above: PENDING lasts a quarter of --processing-time, and a loaded machine
    # (the sanitizer build, seen once in CI) may already see INPROGRESS; neither has counts.
    check("workflow: batch prediction PENDING or INPROGRESS at first, without counts",
          first["Status"] in ("PENDING", "INPROGRESS") and "TotalRecordCount" not in first, first)
    wait(ml, "batch_prediction_available", FilterVariable="Name", EQ="churn-batch")
    check("workflow: batch_prediction_available waiter", True)
    batch = ml.get_batch_prediction(BatchPredictionId="bp-churn")
    manifest_path = os.path.join(s3_root, "results/churn/batch-prediction/bp-churn.manifest")
    check("workflow: batch prediction COMPLETED", batch["Status"] == "COMPLETED", batch)
    check("workflow: the manifest is at <OutputUri>/batch-prediction/<id>.manifest", os.path.isfile(manifest_path),
          os.listdir(s3_root))
    scores = {}
    if os.path.isfile(manifest_path):
        manifest, lines = batch_result_rows(s3_root, "s3://results/churn/", "bp-churn")
        check("workflow: the manifest maps the input object to its gzipped result",
              manifest == {CHURN: "s3://results/churn/batch-prediction/result/bp-churn-churn.csv.gz"}, manifest)
        # The developer guide's "Creating a Data Schema": the row id's column is named tag.
        check("workflow: result header tag,trueLabel,bestAnswer,score (the data holds the target)",
              lines and lines[0] == ["tag", "trueLabel", "bestAnswer", "score"], lines[:1])
        body = lines[1:]
        check("workflow: one result row per record of the 30% split", len(body) == len(churn_eval_rows),
              f"{len(body)} rows, the split has {len(churn_eval_rows)}")
        check("workflow: the result rows are the split's customers",
              [r[0] for r in body] == [r["customerId"] for r in churn_eval_rows], [r[0] for r in body[:3]])
        check("workflow: trueLabel is each customer's churned, as 0 or 1",
              [r[1] for r in body if len(r) == 4] == ["1" if is_yes(r["churned"]) else "0" for r in churn_eval_rows],
              body[:3])
        good = all(len(r) == 4 and r[2] in ("0", "1") and 0 <= float(r[3]) <= 1 for r in body)
        check("workflow: bestAnswer 0/1, score in [0, 1]", good, body[:3])
        if good:
            check("workflow: bestAnswer is 1 exactly when score >= 0.5",
                  all((r[2] == "1") == (float(r[3]) >= 0.5) for r in body if abs(float(r[3]) - 0.5) > 1e-9),
                  body[:3])
            scores = {r[0]: (r[2], float(r[3])) for r in body}
            state["churn_scores"] = scores
            if auc is not None and len(body) == len(churn_eval_rows):
                recomputed = auc_of([(scores[row["customerId"]][1], is_yes(row["churned"]))
                                     for row in churn_eval_rows])
                check("workflow: BinaryAUC is the AUC of the batch prediction's scores on the same records",
                      abs(recomputed - auc) < 1e-9, (recomputed, auc))
    check("workflow: TotalRecordCount is the split's size, InvalidRecordCount 0",
          batch.get("TotalRecordCount") == len(churn_eval_rows) and batch.get("InvalidRecordCount") == 0,
          (batch.get("TotalRecordCount"), batch.get("InvalidRecordCount"), len(churn_eval_rows)))

    # Real-time predictions.
    record = {k: v for k, v in churn_eval_rows[0].items() if k != "churned"}
    code = error_code(ml.predict, MLModelId="ml-churn", Record=record, PredictEndpoint=emulator.url)
    check("workflow: Predict before CreateRealtimeEndpoint -> PredictorNotMountedException",
          code == "PredictorNotMountedException", code)
    out = ml.create_realtime_endpoint(MLModelId="ml-churn")
    info = out.get("RealtimeEndpointInfo", {})
    check("workflow: CreateRealtimeEndpoint answers UPDATING", info.get("EndpointStatus") == "UPDATING", info)
    check("workflow: EndpointUrl is the emulator's URL", info.get("EndpointUrl", "").rstrip("/") == emulator.url,
          (info.get("EndpointUrl"), emulator.url))
    seen = poll(lambda: ml.get_ml_model(MLModelId="ml-churn"),
                lambda m: m.get("EndpointInfo", {}).get("EndpointStatus") == "READY", timeout=10, every=0.05)
    endpoint = seen[-1].get("EndpointInfo", {})
    check("workflow: the endpoint becomes READY", endpoint.get("EndpointStatus") == "READY", endpoint)
    check("workflow: READY endpoint has PeakRequestsPerSecond and CreatedAt",
          endpoint.get("PeakRequestsPerSecond", 0) > 0 and "CreatedAt" in endpoint, endpoint)
    prediction = ml.predict(MLModelId="ml-churn", Record=record,
                            PredictEndpoint=endpoint.get("EndpointUrl", emulator.url))["Prediction"]
    label, predicted = prediction.get("predictedLabel"), prediction.get("predictedScores", {})
    check("workflow: Predict's predictedLabel is 0 or 1", label in ("0", "1"), prediction)
    check("workflow: Predict's score in [0, 1]",
          len(predicted) == 1 and all(0 <= v <= 1 for v in predicted.values()), predicted)
    # The service writes a float score as the double it widens to (0.47380468249320984 in the
    # developer guide's example), so boto3 reads a value that is exactly a 32-bit float.
    check("workflow: Predict's score is written as the double its float widens to",
          all(isinstance(v, float) and struct.unpack("f", struct.pack("f", v))[0] == v
              for v in predicted.values()), predicted)
    check("workflow: Predict's details",
          prediction.get("details", {}).get("PredictiveModelType") == "BINARY"
          and prediction.get("details", {}).get("Algorithm") == "SGD", prediction.get("details"))
    if scores and predicted:
        best, score = scores[record["customerId"]]
        check("workflow: Predict answers as the batch prediction did for the same record",
              label == best and abs(list(predicted.values())[0] - score) < 1e-4,
              (label, predicted, best, score))
    state["churn_record"] = record
    state["churn_prediction"] = prediction


def multiclass(ml, emulator):
    ml.create_data_source_from_s3(DataSourceId="ds-colours-train", DataSourceName="colours-train",
                                  DataSpec=s3_spec(COLOURS, COLOURS_SCHEMA, split(0, 70)),
                                  ComputeStatistics=True)
    ml.create_data_source_from_s3(DataSourceId="ds-colours-eval", DataSourceName="colours-eval",
                                  DataSpec=s3_spec(COLOURS, COLOURS_SCHEMA, split(70, 100)))
    ml.create_ml_model(MLModelId="ml-colours", MLModelName="colours-model", MLModelType="MULTICLASS",
                       TrainingDataSourceId="ds-colours-train")
    ml.create_evaluation(EvaluationId="ev-colours", EvaluationName="colours-evaluation",
                         MLModelId="ml-colours", EvaluationDataSourceId="ds-colours-eval")
    wait(ml, "evaluation_available", FilterVariable="Name", EQ="colours-evaluation")
    model = ml.get_ml_model(MLModelId="ml-colours")
    check("multiclass: model COMPLETED", model["Status"] == "COMPLETED", model.get("Message", model["Status"]))
    check("multiclass: no ScoreThreshold", "ScoreThreshold" not in model, model.get("ScoreThreshold"))
    evaluation = ml.get_evaluation(EvaluationId="ev-colours")
    text = evaluation.get("PerformanceMetrics", {}).get("Properties", {}).get("MulticlassAvgFScore")
    check("multiclass: MulticlassAvgFScore > 0.8 (three separated classes)",
          text is not None and 0.8 < float(text) <= 1.0, text)
    print(f"# colours MulticlassAvgFScore {text}", flush=True)
    ml.create_batch_prediction(BatchPredictionId="bp-colours", BatchPredictionName="colours-batch",
                               MLModelId="ml-colours", BatchPredictionDataSourceId="ds-colours-eval",
                               OutputUri="s3://results/colours")
    wait(ml, "batch_prediction_available", FilterVariable="Name", EQ="colours-batch")
    lines = batch_result_rows(s3_root, "s3://results/colours", "bp-colours")[1]
    truth = [r[2] for r in sequential_part(colour_rows, 70, 100)]
    check("multiclass: batch prediction header is trueLabel, then the classes (no row id in the schema)",
          lines[0][:1] == ["trueLabel"] and sorted(lines[0][1:]) == sorted(CENTRES), lines[0])
    check("multiclass: one batch row per evaluation record", len(lines) - 1 == len(truth), len(lines) - 1)
    check("multiclass: trueLabel is each record's colour", [r[0] for r in lines[1:]] == truth, lines[1:3])
    classes = lines[0][1:]
    rows = [[float(v) for v in r[1:]] for r in lines[1:]]
    check("multiclass: each batch row's scores sum to 1", all(abs(sum(r) - 1) < 1e-6 for r in rows), rows[:2])
    if text is not None and len(rows) == len(truth):
        guesses = [classes[max(range(len(r)), key=r.__getitem__)] for r in rows]
        recomputed = macro_f1_of(list(zip(truth, guesses)))
        check("multiclass: MulticlassAvgFScore is the macro F1 of the batch prediction's best classes",
              abs(recomputed - float(text)) < 1e-9, (recomputed, text))
    ml.create_realtime_endpoint(MLModelId="ml-colours")
    poll(lambda: ml.get_ml_model(MLModelId="ml-colours"),
         lambda m: m.get("EndpointInfo", {}).get("EndpointStatus") == "READY", timeout=10, every=0.05)
    for colour, (cx, cy) in CENTRES.items():
        prediction = ml.predict(MLModelId="ml-colours", Record={"x1": str(cx + 0.2), "x2": str(cy - 0.1)},
                                PredictEndpoint=emulator.url)["Prediction"]
        predicted = prediction.get("predictedScores", {})
        check(f"multiclass: Predict scores every class ({colour} centre)", set(predicted) == set(CENTRES),
              predicted)
        check(f"multiclass: the scores sum to 1 ({colour} centre)",
              predicted and abs(sum(predicted.values()) - 1) < 1e-3 and all(0 <= v <= 1 for v in predicted.values()),
              predicted)
        check(f"multiclass: predictedLabel is the best score ({colour} centre)",
              predicted and prediction.get("predictedLabel") == max(predicted, key=predicted.get), prediction)
        check(f"multiclass: the {colour} centre is predicted {colour}", prediction.get("predictedLabel") == colour,
              prediction)
        check(f"multiclass: details say MULTICLASS ({colour})",
              prediction.get("details", {}).get("PredictiveModelType") == "MULTICLASS", prediction.get("details"))


def regression(ml, emulator):
    ml.create_data_source_from_s3(DataSourceId="ds-line-train", DataSourceName="line-train",
                                  DataSpec=s3_spec(LINE, LINE_SCHEMA, split(0, 70)),
                                  ComputeStatistics=True)
    ml.create_data_source_from_s3(DataSourceId="ds-line-eval", DataSourceName="line-eval",
                                  DataSpec=s3_spec(LINE, LINE_SCHEMA, split(70, 100)))
    ml.create_ml_model(MLModelId="ml-line", MLModelName="line-model", MLModelType="REGRESSION",
                       TrainingDataSourceId="ds-line-train")
    ml.create_evaluation(EvaluationId="ev-line", EvaluationName="line-evaluation",
                         MLModelId="ml-line", EvaluationDataSourceId="ds-line-eval")
    wait(ml, "evaluation_available", FilterVariable="Name", EQ="line-evaluation")
    evaluation = ml.get_evaluation(EvaluationId="ev-line")
    text = evaluation.get("PerformanceMetrics", {}).get("Properties", {}).get("RegressionRMSE")
    rmse = float(text) if text is not None else None
    check("regression: RegressionRMSE below a third of the target's standard deviation",
          rmse is not None and 0 <= rmse < line_eval_sd / 3, f"RMSE {text}, sd {line_eval_sd:.3f}")
    print(f"# line RegressionRMSE {text} (the target's standard deviation {line_eval_sd:.3f})", flush=True)
    ml.create_batch_prediction(BatchPredictionId="bp-line", BatchPredictionName="line-batch",
                               MLModelId="ml-line", BatchPredictionDataSourceId="ds-line-eval",
                               OutputUri="s3://results/line/")
    wait(ml, "batch_prediction_available", FilterVariable="Name", EQ="line-batch")
    lines = batch_result_rows(s3_root, "s3://results/line/", "bp-line")[1]
    check("regression: batch prediction header 'trueLabel,score'", lines[:1] == [["trueLabel", "score"]], lines[:1])
    check("regression: one batch row per evaluation record", len(lines) - 1 == len(line_eval_y), len(lines) - 1)
    check("regression: trueLabel is each record's y as the data gives it",
          [r[0] for r in lines[1:]] == [r[2] for r in line_eval], lines[1:3])
    if rmse is not None and len(lines) - 1 == len(line_eval_y):
        values = [float(r[1]) for r in lines[1:]]
        recomputed = math.sqrt(sum((v - y) ** 2 for v, y in zip(values, line_eval_y)) / len(values))
        check("regression: RegressionRMSE is the RMSE of the batch prediction's scores",
              abs(recomputed - rmse) < 1e-6 * max(1, rmse), (recomputed, rmse))
    ml.create_realtime_endpoint(MLModelId="ml-line")
    poll(lambda: ml.get_ml_model(MLModelId="ml-line"),
         lambda m: m.get("EndpointInfo", {}).get("EndpointStatus") == "READY", timeout=10, every=0.05)
    x1, x2 = 2.0, -1.5
    prediction = ml.predict(MLModelId="ml-line", Record={"x1": str(x1), "x2": str(x2)},
                            PredictEndpoint=emulator.url)["Prediction"]
    value = prediction.get("predictedValue")
    check("regression: Predict answers a predictedValue and no label",
          isinstance(value, float) and "predictedLabel" not in prediction, prediction)
    if isinstance(value, float) and rmse is not None:
        check("regression: predictedValue near 3 x1 - 2 x2 (within 3 RMSE + 0.5)",
              abs(value - (3 * x1 - 2 * x2)) < 3 * rmse + 0.5, (value, 3 * x1 - 2 * x2, rmse))
    check("regression: details say REGRESSION",
          prediction.get("details", {}).get("PredictiveModelType") == "REGRESSION", prediction.get("details"))


def errors(ml, emulator):
    for call, key in ((ml.get_ml_model, "MLModelId"), (ml.get_data_source, "DataSourceId"),
                      (ml.get_evaluation, "EvaluationId"), (ml.get_batch_prediction, "BatchPredictionId")):
        code = error_code(call, **{key: "x-does-not-exist"})
        check(f"errors: {call.__name__} of an unknown id -> ResourceNotFoundException",
              code == "ResourceNotFoundException", code)

    # Idempotent Create*: the same request again answers the same id and changes nothing.
    before = answer(ml.get_data_source(DataSourceId="ds-churn-eval"))
    again = ml.create_data_source_from_s3(DataSourceId="ds-churn-eval", DataSourceName="churn-eval",
                                          DataSpec=s3_spec(CHURN, CHURN_SCHEMA, split(70, 100)),
                                          ComputeStatistics=False)
    check("errors: CreateDataSourceFromS3 again, same parameters -> same id",
          again["DataSourceId"] == "ds-churn-eval", again)
    check("errors: ...and the data source is unchanged",
          as_json(answer(ml.get_data_source(DataSourceId="ds-churn-eval"))) == as_json(before), "")
    again = ml.create_ml_model(MLModelId="ml-churn", MLModelName="churn-model", MLModelType="BINARY",
                               TrainingDataSourceId="ds-churn-train")
    check("errors: CreateMLModel again, same parameters -> same id", again["MLModelId"] == "ml-churn", again)
    again = ml.create_evaluation(EvaluationId="ev-churn", EvaluationName="churn-evaluation", MLModelId="ml-churn",
                                 EvaluationDataSourceId="ds-churn-eval")
    check("errors: CreateEvaluation again, same parameters -> same id", again["EvaluationId"] == "ev-churn", again)
    again = ml.create_batch_prediction(BatchPredictionId="bp-churn", BatchPredictionName="churn-batch",
                                       MLModelId="ml-churn", BatchPredictionDataSourceId="ds-churn-eval",
                                       OutputUri="s3://results/churn/")
    check("errors: CreateBatchPrediction again, same parameters -> same id",
          again["BatchPredictionId"] == "bp-churn", again)
    code = error_code(ml.create_data_source_from_s3, DataSourceId="ds-churn-eval", DataSourceName="other name",
                      DataSpec=s3_spec(CHURN, CHURN_SCHEMA, split(70, 100)), ComputeStatistics=False)
    check("errors: CreateDataSourceFromS3 same id, other name -> IdempotentParameterMismatchException",
          code == "IdempotentParameterMismatchException", code)
    code = error_code(ml.create_ml_model, MLModelId="ml-churn", MLModelName="churn-model",
                      MLModelType="REGRESSION", TrainingDataSourceId="ds-churn-train")
    check("errors: CreateMLModel same id, other type -> IdempotentParameterMismatchException",
          code == "IdempotentParameterMismatchException", code)
    code = error_code(ml.create_evaluation, EvaluationId="ev-churn", EvaluationName="churn-evaluation",
                      MLModelId="ml-churn", EvaluationDataSourceId="ds-churn-train")
    check("errors: CreateEvaluation same id, other data source -> IdempotentParameterMismatchException",
          code == "IdempotentParameterMismatchException", code)

    # Tags.
    tags = lambda kind, rid: {t["Key"]: t.get("Value") for t in
                              ml.describe_tags(ResourceId=rid, ResourceType=kind).get("Tags", [])}
    out = ml.add_tags(ResourceId="ml-churn", ResourceType="MLModel",
                      Tags=[{"Key": "team", "Value": "retention"}, {"Key": "stage", "Value": "test"}])
    check("errors: AddTags answers the resource", (out.get("ResourceId"), out.get("ResourceType")) ==
          ("ml-churn", "MLModel"), out)
    check("errors: DescribeTags shows the tags added", tags("MLModel", "ml-churn") ==
          {"team": "retention", "stage": "test"}, tags("MLModel", "ml-churn"))
    ml.add_tags(ResourceId="ml-churn", ResourceType="MLModel", Tags=[{"Key": "stage", "Value": "prod"}])
    check("errors: AddTags on an existing key overwrites its value",
          tags("MLModel", "ml-churn") == {"team": "retention", "stage": "prod"}, tags("MLModel", "ml-churn"))
    ml.delete_tags(ResourceId="ml-churn", ResourceType="MLModel", TagKeys=["team"])
    check("errors: DeleteTags removes the key", tags("MLModel", "ml-churn") == {"stage": "prod"},
          tags("MLModel", "ml-churn"))
    many = [{"Key": f"k{i:03}", "Value": str(i)} for i in range(101)]
    code = error_code(ml.add_tags, ResourceId="ev-churn", ResourceType="Evaluation", Tags=many)
    check("errors: AddTags with 101 tags -> TagLimitExceededException", code == "TagLimitExceededException", code)
    check("errors: ...and no tag was added", tags("Evaluation", "ev-churn") == {}, len(tags("Evaluation", "ev-churn")))
    # "Adds one or more tags to an object, up to a limit of 10."
    code = error_code(ml.add_tags, ResourceId="ev-churn", ResourceType="Evaluation", Tags=many[:11])
    check("errors: AddTags with 11 tags -> TagLimitExceededException", code == "TagLimitExceededException", code)
    ml.add_tags(ResourceId="ev-churn", ResourceType="Evaluation", Tags=many[:10])
    check("errors: AddTags with 10 tags is accepted", len(tags("Evaluation", "ev-churn")) == 10,
          len(tags("Evaluation", "ev-churn")))
    code = error_code(ml.add_tags, ResourceId="ev-churn", ResourceType="Evaluation", Tags=[many[10]])
    check("errors: an 11th tag -> TagLimitExceededException", code == "TagLimitExceededException", code)
    code = error_code(ml.add_tags, ResourceId="ev-churn", ResourceType="Evaluation",
                      Tags=[{"Key": "k000", "Value": "overwritten"}])
    check("errors: overwriting a tag of a full resource is accepted", code is None, code)
    code = error_code(ml.add_tags, ResourceId="ml-churn", ResourceType="MLModel", Tags=[{"Key": "aws:x", "Value": "1"}])
    check("errors: AddTags key 'aws:x' -> InvalidTagException", code == "InvalidTagException", code)
    code = error_code(ml.delete_tags, ResourceId="ml-churn", ResourceType="MLModel", TagKeys=["aws:x"])
    check("errors: DeleteTags key 'aws:x' -> InvalidTagException", code == "InvalidTagException", code)
    for call, params in ((ml.add_tags, {"Tags": [{"Key": "a", "Value": "b"}]}), (ml.describe_tags, {}),
                         (ml.delete_tags, {"TagKeys": ["a"]})):
        code = error_code(call, ResourceId="ml-nope", ResourceType="MLModel", **params)
        check(f"errors: {call.__name__} on an unknown resource -> ResourceNotFoundException",
              code == "ResourceNotFoundException", code)
    code = error_code(ml.add_tags, ResourceId="ds-churn-eval", ResourceType="MLModel",
                      Tags=[{"Key": "a", "Value": "b"}])
    check("errors: AddTags on a data source's id as an MLModel -> ResourceNotFoundException",
          code == "ResourceNotFoundException", code)
    ml.add_tags(ResourceId="ds-churn-train", ResourceType="DataSource", Tags=[{"Key": "origin", "Value": "csv"}])
    ml.add_tags(ResourceId="bp-churn", ResourceType="BatchPrediction", Tags=[{"Key": "run", "Value": "1"}])
    check("errors: tags on a data source and a batch prediction",
          tags("DataSource", "ds-churn-train") == {"origin": "csv"} and tags("BatchPrediction", "bp-churn") ==
          {"run": "1"}, "")

    # UpdateMLModel's ScoreThreshold, and Predict following it.
    before = ml.get_ml_model(MLModelId="ml-churn")
    time.sleep(0.02)
    ml.update_ml_model(MLModelId="ml-churn", ScoreThreshold=0.7, MLModelName="churn-model-v2")
    after = ml.get_ml_model(MLModelId="ml-churn")
    check("errors: UpdateMLModel sets ScoreThreshold and the name",
          abs(after.get("ScoreThreshold", 0) - 0.7) < 1e-6 and after.get("Name") == "churn-model-v2",
          (after.get("ScoreThreshold"), after.get("Name")))
    check("errors: ScoreThresholdLastUpdatedAt moves forward",
          after.get("ScoreThresholdLastUpdatedAt") and before.get("ScoreThresholdLastUpdatedAt")
          and after["ScoreThresholdLastUpdatedAt"] > before["ScoreThresholdLastUpdatedAt"],
          (before.get("ScoreThresholdLastUpdatedAt"), after.get("ScoreThresholdLastUpdatedAt")))
    check("errors: LastUpdatedAt moves forward on UpdateMLModel", after["LastUpdatedAt"] > before["LastUpdatedAt"],
          (before["LastUpdatedAt"], after["LastUpdatedAt"]))
    check("errors: UpdateMLModel keeps the status", after["Status"] == "COMPLETED", after["Status"])
    record = state.get("churn_record")
    if record:
        prediction = ml.predict(MLModelId="ml-churn", Record=record, PredictEndpoint=emulator.url)["Prediction"]
        score = list(prediction.get("predictedScores", {"": -1}).values())[0]
        if abs(score - 0.7) > 1e-6:
            check("errors: Predict labels with the new ScoreThreshold",
                  prediction.get("predictedLabel") == ("1" if score > 0.7 else "0"), prediction)
        state["churn_prediction"] = prediction
    code = error_code(ml.update_ml_model, MLModelId="ml-colours", ScoreThreshold=0.3)
    check("errors: ScoreThreshold on a MULTICLASS model -> InvalidInputException", code == "InvalidInputException",
          code)
    code = error_code(ml.update_ml_model, MLModelId="ml-nope", MLModelName="x")
    check("errors: UpdateMLModel unknown id -> ResourceNotFoundException", code == "ResourceNotFoundException", code)
    ml.update_evaluation(EvaluationId="ev-line", EvaluationName="line-evaluation-renamed")
    ml.update_data_source(DataSourceId="ds-line-eval", DataSourceName="line-eval-renamed")
    ml.update_batch_prediction(BatchPredictionId="bp-churn", BatchPredictionName="churn-batch-renamed")
    check("errors: Update* renames",
          ml.get_evaluation(EvaluationId="ev-line").get("Name") == "line-evaluation-renamed"
          and ml.get_data_source(DataSourceId="ds-line-eval").get("Name") == "line-eval-renamed"
          and ml.get_batch_prediction(BatchPredictionId="bp-churn").get("Name") == "churn-batch-renamed", "")
    # EntityName's pattern (".*\\S.*|^$") admits "": a required name may be cleared, as botocore sends it.
    ml.update_data_source(DataSourceId="ds-line-eval", DataSourceName="")
    cleared = ml.get_data_source(DataSourceId="ds-line-eval").get("Name")
    check("errors: Update* clears a name with \"\", which EntityName's pattern admits", cleared == "", cleared)
    code = error_code(ml.update_data_source, DataSourceId="ds-line-eval", DataSourceName=" ")
    check("errors: a blank name (pattern .*\\S.*|^$) -> InvalidInputException", code == "InvalidInputException", code)
    ml.update_data_source(DataSourceId="ds-line-eval", DataSourceName="line-eval-renamed")

    # Predict with attributes missing (Amazon ML treats them as missing values), then without endpoint.
    if record:
        partial = {"age": record["age"], "plan": record["plan"]}
        prediction = ml.predict(MLModelId="ml-churn", Record=partial, PredictEndpoint=emulator.url)["Prediction"]
        check("errors: Predict with most attributes missing still answers a label",
              prediction.get("predictedLabel") in ("0", "1"), prediction)
    out = ml.delete_realtime_endpoint(MLModelId="ml-line")
    check("errors: DeleteRealtimeEndpoint answers EndpointStatus NONE",
          out.get("RealtimeEndpointInfo", {}).get("EndpointStatus") == "NONE", out.get("RealtimeEndpointInfo"))
    info = ml.get_ml_model(MLModelId="ml-line").get("EndpointInfo", {})
    check("errors: GetMLModel after DeleteRealtimeEndpoint: NONE, no EndpointUrl",
          info.get("EndpointStatus") == "NONE" and "EndpointUrl" not in info, info)
    code = error_code(ml.predict, MLModelId="ml-line", Record={"x1": "1", "x2": "1"}, PredictEndpoint=emulator.url)
    check("errors: Predict after DeleteRealtimeEndpoint -> PredictorNotMountedException",
          code == "PredictorNotMountedException", code)
    code = error_code(ml.predict, MLModelId="ml-nope", Record={"x1": "1"}, PredictEndpoint=emulator.url)
    check("errors: Predict on an unknown model -> ResourceNotFoundException", code == "ResourceNotFoundException", code)

    # Delete*: the entity stays, DELETED.
    ml.create_ml_model(MLModelId="ml-doomed", MLModelName="doomed", MLModelType="BINARY",
                       TrainingDataSourceId="ds-churn-train")
    wait(ml, "ml_model_available", FilterVariable="Name", EQ="doomed")
    out = ml.delete_ml_model(MLModelId="ml-doomed")
    check("errors: DeleteMLModel answers the id", out.get("MLModelId") == "ml-doomed", out)
    doomed = ml.get_ml_model(MLModelId="ml-doomed")
    check("errors: GetMLModel after DeleteMLModel -> DELETED", doomed["Status"] == "DELETED", doomed["Status"])
    listed = ml.describe_ml_models(FilterVariable="Status", EQ="DELETED")["Results"]
    check("errors: DescribeMLModels Status EQ DELETED lists it", [m["MLModelId"] for m in listed] == ["ml-doomed"],
          [m["MLModelId"] for m in listed])
    code = error_code(ml.create_realtime_endpoint, MLModelId="ml-doomed")
    check("errors: CreateRealtimeEndpoint on a DELETED model is refused", code == "InvalidInputException", code)
    code = error_code(ml.delete_ml_model, MLModelId="ml-nope")
    check("errors: DeleteMLModel unknown id -> ResourceNotFoundException", code == "ResourceNotFoundException", code)
    ml.create_evaluation(EvaluationId="ev-doomed", MLModelId="ml-line", EvaluationDataSourceId="ds-line-eval")
    ml.delete_evaluation(EvaluationId="ev-doomed")
    check("errors: DeleteEvaluation -> DELETED", ml.get_evaluation(EvaluationId="ev-doomed")["Status"] == "DELETED",
          ml.get_evaluation(EvaluationId="ev-doomed")["Status"])

    # Data sources that cannot be read.
    missing = "s3://data/nowhere/missing-file.csv"
    ml.create_data_source_from_s3(DataSourceId="ds-missing", DataSourceName="missing",
                                  DataSpec=s3_spec(missing, CHURN_SCHEMA))
    try:
        wait(ml, "data_source_available", FilterVariable="Name", EQ="missing")
        waited = "succeeded"
    except WaiterError as e:
        waited = str(e)
    check("errors: data_source_available fails for a missing file", "failure state" in waited, waited)
    source = ml.get_data_source(DataSourceId="ds-missing")
    check("errors: data source on a missing S3 file ends FAILED", source["Status"] == "FAILED", source["Status"])
    check("errors: ...with a Message naming the file", "missing-file.csv" in source.get("Message", ""),
          source.get("Message"))
    password = "hunter2-not-a-real-password"
    ml.create_data_source_from_rds(
        DataSourceId="ds-rds", DataSourceName="from-rds", RoleARN="arn:aws:iam::123456789012:role/mlrole",
        RDSData={"DatabaseInformation": {"InstanceIdentifier": "churn-db-instance", "DatabaseName": "crm"},
                 "SelectSqlQuery": "SELECT * FROM customers",
                 "DatabaseCredentials": {"Username": "analyst", "Password": password},
                 "S3StagingLocation": "s3://staging/rds/", "DataSchema": SMALL_SCHEMA_TEXT,
                 "ResourceRole": "DataPipelineDefaultResourceRole", "ServiceRole": "DataPipelineDefaultRole",
                 "SubnetId": "subnet-0123abcd", "SecurityGroupIds": ["sg-0123abcd"]})
    seen = poll(lambda: ml.get_data_source(DataSourceId="ds-rds"), lambda d: d["Status"] in ("COMPLETED", "FAILED"))
    source = seen[-1]
    check("errors: CreateDataSourceFromRDS ends FAILED", source["Status"] == "FAILED", source["Status"])
    check("errors: ...with a Message naming the RDS instance",
          "churn-db-instance" in source.get("Message", "") and "RDS" in source.get("Message", ""),
          source.get("Message"))
    check("errors: ...its RDSMetadata without the password",
          source.get("RDSMetadata", {}).get("DatabaseUserName") == "analyst" and password not in as_json(source),
          source.get("RDSMetadata"))
    code = error_code(ml.create_data_source_from_s3, DataSourceId="ds-bad-split",
                      DataSpec=s3_spec(CHURN, CHURN_SCHEMA, split(80, 20)))
    check("errors: a DataRearrangement with percentBegin > percentEnd -> InvalidInputException",
          code == "InvalidInputException", code)
    code = error_code(ml.create_ml_model, MLModelId="ml-orphan", MLModelType="BINARY",
                      TrainingDataSourceId="ds-nope")
    check("errors: CreateMLModel on an unknown data source is refused",
          code in ("InvalidInputException", "ResourceNotFoundException"), code)


def paginators(ml, emulator, ml_a):
    ids = []
    for i in range(9):
        ids.append(ml.create_data_source_from_s3(DataSourceId=f"ds-page-{i:02}", DataSourceName=f"page-{i:02}",
                                                 DataSpec=s3_spec(SMALL, "s3://schemas/small.schema"))["DataSourceId"])
        time.sleep(0.02)
    for name in ("extra-a", "extra-b"):
        ids.append(ml.create_data_source_from_s3(DataSourceId=f"ds-{name}", DataSourceName=name,
                                                 DataSpec=s3_spec(SMALL, "s3://schemas/small.schema"))["DataSourceId"])
        time.sleep(0.02)
    pages = list(ml.get_paginator("describe_data_sources").paginate(PaginationConfig={"PageSize": 2}))
    collected = [d["DataSourceId"] for page in pages for d in page["Results"]]
    check("paginators: PageSize 2 collects every data source exactly once",
          sorted(collected) == sorted(ids) and len(collected) == len(set(collected)), collected)
    check("paginators: pages of at most 2, as many as needed",
          all(len(p["Results"]) <= 2 for p in pages) and len(pages) == (len(ids) + 1) // 2,
          [len(p["Results"]) for p in pages])
    check("paginators: the last page has no NextToken, the others have one",
          "NextToken" not in pages[-1] and all("NextToken" in p for p in pages[:-1]), "")
    check("paginators: the default order is CreatedAt ascending", collected == ids, collected)
    items = list(ml.get_paginator("describe_data_sources").paginate(
        PaginationConfig={"PageSize": 3, "MaxItems": 5}).search("Results[].DataSourceId"))
    check("paginators: MaxItems 5 over pages of 3", items == ids[:5], items)

    results = lambda **q: [d["DataSourceId"] for d in ml.describe_data_sources(**q)["Results"]]
    check("paginators: Name EQ page-03", results(FilterVariable="Name", EQ="page-03") == ["ds-page-03"],
          results(FilterVariable="Name", EQ="page-03"))
    check("paginators: Name Prefix page-", results(FilterVariable="Name", Prefix="page-") == ids[:9],
          results(FilterVariable="Name", Prefix="page-"))
    check("paginators: Name Prefix extra-", results(FilterVariable="Name", Prefix="extra-") == ids[9:],
          results(FilterVariable="Name", Prefix="extra-"))
    check("paginators: Name NE page-00", sorted(results(FilterVariable="Name", NE="page-00")) == sorted(ids[1:]), "")
    check("paginators: SortOrder dsc", results(SortOrder="dsc") == ids[::-1], results(SortOrder="dsc"))
    check("paginators: Name, SortOrder dsc", results(FilterVariable="Name", SortOrder="dsc")[:2] ==
          ["ds-page-08", "ds-page-07"], results(FilterVariable="Name", SortOrder="dsc"))
    created = {i: ml.get_data_source(DataSourceId=i)["CreatedAt"] for i in ids}
    middle = created[ids[4]] + (created[ids[5]] - created[ids[4]]) / 2
    epoch = f"{middle.timestamp():.4f}"
    later = [i for i in ids if created[i] > middle]
    check("paginators: CreatedAt GT (epoch seconds)", results(FilterVariable="CreatedAt", GT=epoch) == later,
          (epoch, results(FilterVariable="CreatedAt", GT=epoch), later))
    check("paginators: CreatedAt LT (epoch seconds)", results(FilterVariable="CreatedAt", LT=epoch) ==
          [i for i in ids if created[i] < middle], results(FilterVariable="CreatedAt", LT=epoch))
    iso = middle.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    check("paginators: CreatedAt GT (ISO 8601)", results(FilterVariable="CreatedAt", GT=iso) == later,
          (iso, results(FilterVariable="CreatedAt", GT=iso)))
    check("paginators: CreatedAt GT and Name Prefix together",
          results(FilterVariable="Name", Prefix="page-", GT="page-05") == ["ds-page-06", "ds-page-07", "ds-page-08"],
          results(FilterVariable="Name", Prefix="page-", GT="page-05"))

    page = ml.describe_data_sources(Limit=2)
    token = page.get("NextToken")
    check("paginators: Limit 2 -> 2 results and a NextToken", len(page["Results"]) == 2 and token,
          page.get("NextToken"))
    if token:
        following = ml.describe_data_sources(Limit=2, NextToken=token)
        check("paginators: the NextToken gives the next page",
              [d["DataSourceId"] for d in following["Results"]] == ids[2:4], following["Results"])
        for forged in (token[:-1] + ("0" if token[-1] != "0" else "1"), "1" + token, "abc", "2-0"):
            code = error_code(ml.describe_data_sources, Limit=2, NextToken=forged)
            check(f"paginators: a forged NextToken {forged!r} -> InvalidInputException",
                  code == "InvalidInputException", code)
        code = error_code(ml.describe_data_sources, Limit=2, NextToken=token, FilterVariable="Name", Prefix="page-")
        check("paginators: a NextToken of another query -> InvalidInputException", code == "InvalidInputException",
              code)
    # On the emulator that has several models, so that the offset itself would be valid there.
    page = ml_a.describe_data_sources(Limit=2)
    models = ml_a.describe_ml_models()["Results"]
    if check("paginators: (the first emulator has more than 2 models and data sources)",
             page.get("NextToken") and len(models) > 2, len(models)):
        code = error_code(ml_a.describe_ml_models, Limit=2, NextToken=page["NextToken"])
        check("paginators: a DescribeDataSources NextToken on DescribeMLModels -> InvalidInputException",
              code == "InvalidInputException", code)
        code = error_code(ml_a.describe_evaluations, Limit=2, NextToken=page["NextToken"])
        check("paginators: a DescribeDataSources NextToken on DescribeEvaluations -> InvalidInputException",
              code == "InvalidInputException", code)
    code = error_code(ml.describe_data_sources, FilterVariable="CreatedAt", GT="yesterday")
    check("paginators: a CreatedAt filter that is not a time -> InvalidInputException",
          code == "InvalidInputException", code)
    state["paginator_ids"] = ids


def concurrency(url, ml):
    threads_n, calls_n = 8, 25
    ml.create_data_source_from_s3(DataSourceId="ds-shared", DataSourceName="shared",
                                  DataSpec=s3_spec(SMALL, "s3://schemas/small.schema"))
    before = len([d for page in ml.get_paginator("describe_data_sources").paginate() for d in page["Results"]])
    clients = [client(url) for _ in range(threads_n)]
    created = [[] for _ in range(threads_n)]
    last_tags = [{} for _ in range(threads_n)]  # each thread's last write of its own key
    names = [{} for _ in range(threads_n)]
    problems = []
    barrier = threading.Barrier(threads_n)

    def worker(t):
        c = clients[t]
        try:
            barrier.wait(timeout=30)
            for i in range(calls_n):
                kind = i % 5
                if kind == 0:
                    ds = f"ds-conc-{t}-{i:02}"
                    out = c.create_data_source_from_s3(DataSourceId=ds, DataSourceName=f"conc-{t}-{i:02}",
                                                       DataSpec=s3_spec(SMALL, "s3://schemas/small.schema"))
                    if out["DataSourceId"] != ds:
                        problems.append(f"create {ds} answered {out}")
                    created[t].append(ds)
                    names[t][ds] = f"conc-{t}-{i:02}"
                elif kind == 1:
                    # One key a thread (an object holds at most 10 tags), rewritten each time.
                    c.add_tags(ResourceId="ds-shared", ResourceType="DataSource",
                               Tags=[{"Key": f"t{t}", "Value": f"{i:02}"}])
                    last_tags[t] = {f"t{t}": f"{i:02}"}
                elif kind == 2:
                    ds = created[t][-1]
                    c.update_data_source(DataSourceId=ds, DataSourceName=f"renamed-{t}-{i:02}")
                    names[t][ds] = f"renamed-{t}-{i:02}"
                elif kind == 3:
                    c.describe_data_sources(FilterVariable="Name", Prefix=f"renamed-{t}-", Limit=5)
                else:
                    c.describe_tags(ResourceId="ds-shared", ResourceType="DataSource")
        except Exception as e:
            problems.append(f"thread {t}: {type(e).__name__}: {e}")

    workers = [threading.Thread(target=worker, args=(t,)) for t in range(threads_n)]
    t0 = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    elapsed = time.monotonic() - t0
    check(f"concurrency: {threads_n} threads x {calls_n} calls without an error ({elapsed:.1f} s)",
          not problems and not any(w.is_alive() for w in workers), problems[:3])
    everything = [d for page in ml.get_paginator("describe_data_sources").paginate(PaginationConfig={"PageSize": 7})
                  for d in page["Results"]]
    all_ids = [d["DataSourceId"] for d in everything]
    expected = sorted(ds for per in created for ds in per)
    check("concurrency: DescribeDataSources counts every data source created",
          len(all_ids) == before + len(expected) and len(set(all_ids)) == len(all_ids),
          f"{len(all_ids)} listed, {before} + {len(expected)} expected")
    check("concurrency: every created id is listed once",
          sorted(i for i in all_ids if i.startswith("ds-conc-")) == expected, "")
    tags = {t["Key"]: t["Value"] for t in ml.describe_tags(ResourceId="ds-shared", ResourceType="DataSource")["Tags"]}
    expected_tags = {k: v for per in last_tags for k, v in per.items()}
    check(f"concurrency: the shared resource holds each of the {len(expected_tags)} threads' last tag",
          tags == expected_tags, tags)
    by_id = {d["DataSourceId"]: d.get("Name") for d in everything}
    wrong = {ds: (by_id.get(ds), name) for per in names for ds, name in per.items() if by_id.get(ds) != name}
    check("concurrency: every data source has its last name", not wrong, list(wrong.items())[:3])

    # Every thread creates the same id at once: with the same request all get the id; with
    # requests that differ (the name) exactly one wins and the others are refused.
    outcomes = {"same": [None] * threads_n, "different": [None] * threads_n}

    def racer(t):
        barrier.wait(timeout=30)
        spec = s3_spec(SMALL, "s3://schemas/small.schema")
        try:
            outcomes["same"][t] = clients[t].create_data_source_from_s3(
                DataSourceId="ds-race-same", DataSourceName="race", DataSpec=spec)["DataSourceId"]
        except ClientError as e:
            outcomes["same"][t] = e.response["Error"]["Code"]
        barrier.wait(timeout=30)
        outcomes["different"][t] = error_code(clients[t].create_data_source_from_s3, DataSourceId="ds-race-diff",
                                              DataSourceName=f"race-{t}", DataSpec=spec)

    racers = [threading.Thread(target=racer, args=(t,)) for t in range(threads_n)]
    for r in racers:
        r.start()
    for r in racers:
        r.join(timeout=60)
    check("concurrency: the same Create* from 8 threads at once -> the same id for all",
          outcomes["same"] == ["ds-race-same"] * threads_n, outcomes["same"])
    check("concurrency: 8 different Create* with one id at once -> one wins, 7 IdempotentParameterMismatchException",
          outcomes["different"].count(None) == 1
          and outcomes["different"].count("IdempotentParameterMismatchException") == threads_n - 1,
          outcomes["different"])
    winner = outcomes["different"].index(None) if None in outcomes["different"] else -1
    check("concurrency: the winner's request is the one kept",
          ml.get_data_source(DataSourceId="ds-race-diff").get("Name") == f"race-{winner}",
          (winner, ml.get_data_source(DataSourceId="ds-race-diff").get("Name")))
    listed = [d["DataSourceId"] for page in ml.get_paginator("describe_data_sources").paginate(
        FilterVariable="Name", Prefix="race") for d in page["Results"]]
    check("concurrency: each raced id listed once", sorted(listed) == ["ds-race-diff", "ds-race-same"], listed)


def snapshot(ml):
    """Every entity's Get* answer (verbose) and its tags, by kind and id."""
    out = {}
    kinds = (("DataSource", "describe_data_sources", "DataSourceId",
              lambda i: ml.get_data_source(DataSourceId=i, Verbose=True)),
             ("MLModel", "describe_ml_models", "MLModelId", lambda i: ml.get_ml_model(MLModelId=i, Verbose=True)),
             ("Evaluation", "describe_evaluations", "EvaluationId", lambda i: ml.get_evaluation(EvaluationId=i)),
             ("BatchPrediction", "describe_batch_predictions", "BatchPredictionId",
              lambda i: ml.get_batch_prediction(BatchPredictionId=i)))
    for kind, describe, key, get in kinds:
        for page in ml.get_paginator(describe).paginate():
            for entity in page["Results"]:
                rid = entity[key]
                tags = ml.describe_tags(ResourceId=rid, ResourceType=kind).get("Tags", [])
                out[(kind, rid)] = (answer(get(rid)), sorted((t["Key"], t.get("Value")) for t in tags))
    return out


def restart(emulator, state_path):
    ml = client(emulator.url)
    before = snapshot(ml)
    expected = {("DataSource", i) for i in ("ds-churn-train", "ds-churn-eval", "ds-colours-train", "ds-colours-eval",
                                            "ds-line-train", "ds-line-eval", "ds-missing", "ds-rds")}
    expected |= {("MLModel", i) for i in ("ml-churn", "ml-colours", "ml-line", "ml-doomed")}
    expected |= {("Evaluation", i) for i in ("ev-churn", "ev-colours", "ev-line", "ev-doomed")}
    expected |= {("BatchPrediction", i) for i in ("bp-churn", "bp-colours", "bp-line")}
    check("restart: (the entities created, and no refused Create* among them)", set(before) == expected,
          (sorted(set(before) - expected), sorted(expected - set(before))))
    unfinished = [k for k, (g, _) in before.items() if g.get("Status") not in ("COMPLETED", "FAILED", "DELETED")]
    check("restart: (every entity finished before the kill)", not unfinished, unfinished)
    # Acknowledged just before the kill: a creation, a tag, a rename.
    ml.create_data_source_from_s3(DataSourceId="ds-last", DataSourceName="last",
                                  DataSpec=s3_spec(SMALL, "s3://schemas/small.schema"))
    ml.add_tags(ResourceId="ml-line", ResourceType="MLModel", Tags=[{"Key": "last", "Value": "words"}])
    ml.update_evaluation(EvaluationId="ev-colours", EvaluationName="colours-final")
    last = answer(ml.get_data_source(DataSourceId="ds-last"))
    first_page = ml.describe_data_sources(Limit=3)
    emulator.kill9()
    check("restart: the emulator died of SIGKILL", emulator.proc.returncode == -signal.SIGKILL,
          emulator.proc.returncode)
    try:
        second = harness.emulator("--port", str(emulator.port), "--state", state_path, "--s3-root", s3_root,
                          "--processing-time", "400ms", name="restarted")
        same_port = True
    except RuntimeError:
        second = harness.emulator("--port", "0", "--state", state_path, "--s3-root", s3_root,
                          "--processing-time", "400ms", name="restarted")
        same_port = False
    ml = client(second.url)
    check("restart: the new emulator listens (on the same port)", same_port, second.address)
    after = snapshot(ml)
    missing = sorted(set(before) - set(after))
    check(f"restart: every entity is back ({len(before)} + 1)", not missing and ("DataSource", "ds-last") in after,
          missing[:5])
    changed = []
    for key, (got, tags) in before.items():
        if key not in after:
            continue
        if key == ("MLModel", "ml-line"):
            tags = sorted(tags + [("last", "words")])
        if key == ("Evaluation", "ev-colours"):
            got = dict(got, Name="colours-final")
            after[key][0].pop("LastUpdatedAt", None)
            got.pop("LastUpdatedAt", None)
        a_got, a_tags = after[key]
        if not same_port and "EndpointInfo" in got:
            got = dict(got, EndpointInfo={k: v for k, v in got["EndpointInfo"].items() if k != "EndpointUrl"})
            a_got = dict(a_got, EndpointInfo={k: v for k, v in a_got["EndpointInfo"].items() if k != "EndpointUrl"})
        if as_json(got) != as_json(a_got) or tags != a_tags:
            changed.append((key, [k for k in set(got) | set(a_got) if got.get(k) != a_got.get(k)], tags != a_tags))
    check("restart: every Get* answer is the same (statuses, timestamps, metrics, endpoints)", not changed, changed[:4])
    statuses = {k: g.get("Status") for k, (g, _) in before.items()}
    check("restart: statuses unchanged",
          all(after.get(k, ({},))[0].get("Status") == s for k, s in statuses.items()), "")
    check("restart: tags are back",
          sorted(ml.describe_tags(ResourceId="ev-churn", ResourceType="Evaluation")["Tags"], key=lambda t: t["Key"])[0]
          == {"Key": "k000", "Value": "overwritten"}, "")
    ds_last = after.get(("DataSource", "ds-last"), ({}, []))[0]
    check("restart: the data source created just before the kill keeps its CreatedAt",
          ds_last.get("CreatedAt") == last.get("CreatedAt"), (ds_last.get("CreatedAt"), last.get("CreatedAt")))
    wait(ml, "data_source_available", FilterVariable="Name", EQ="last")
    check("restart: ...and completes", ml.get_data_source(DataSourceId="ds-last")["Status"] == "COMPLETED", "")
    record, prediction = state.get("churn_record"), state.get("churn_prediction")
    if record and prediction:
        url = after[("MLModel", "ml-churn")][0].get("EndpointInfo", {}).get("EndpointUrl", second.url)
        again = ml.predict(MLModelId="ml-churn", Record=record, PredictEndpoint=url)["Prediction"]
        check("restart: Predict answers as before the kill", as_json(again) == as_json(prediction), (again, prediction))
    code = error_code(ml.describe_data_sources, Limit=3, NextToken=first_page.get("NextToken", ""))
    following = ml.describe_data_sources(Limit=3, NextToken=first_page["NextToken"]) if code is None else {}
    check("restart: a NextToken given before the kill still gives the next page",
          code is None and [d["DataSourceId"] for d in following.get("Results", [])] ==
          [d["DataSourceId"] for d in ml.describe_data_sources(Limit=6)["Results"][3:]], code)
    # More changes on the restarted emulator are kept too.
    ml.add_tags(ResourceId="ds-last", ResourceType="DataSource", Tags=[{"Key": "after", "Value": "restart"}])
    second.stop()
    third = harness.emulator("--port", "0", "--state", state_path, "--s3-root", s3_root, name="third")
    tags = client(third.url).describe_tags(ResourceId="ds-last", ResourceType="DataSource")["Tags"]
    check("restart: a change made after the restart survives a SIGTERM restart",
          tags == [{"Key": "after", "Value": "restart"}], tags)
    third.stop()

    garbage_path = os.path.join(tmp, "garbage.state")
    garbage = b"this is not an SQLite database, just text\n" * 64 + bytes(range(256))
    with open(garbage_path, "wb") as f:
        f.write(garbage)
    run = subprocess.run([local_bin, "--port", "0", "--quiet", "--models", no_models, "--state", garbage_path],
                         capture_output=True, text=True, timeout=30)
    check("restart: a garbage --state file -> exit 1", run.returncode == 1, (run.returncode, run.stdout))
    check("restart: ...with a message naming the file", garbage_path in run.stderr, run.stderr)
    check("restart: ...and nothing listening printed", "listening on" not in run.stdout, run.stdout)
    with open(garbage_path, "rb") as f:
        check("restart: ...and the file unchanged", f.read() == garbage, "modified")
    beside = sorted(n for n in os.listdir(tmp) if n.startswith("garbage.state") and n != "garbage.state")
    check("restart: ...and no file made beside it", not beside, beside)

    # An SQLite database of someone else's: refused the same way, and left as it was.
    foreign_path = os.path.join(tmp, "foreign.sqlite")
    with sqlite3.connect(foreign_path) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        db.execute("INSERT INTO notes (text) VALUES ('mine')")
    db.close()
    with open(foreign_path, "rb") as f:
        foreign = f.read()
    run = subprocess.run([local_bin, "--port", "0", "--quiet", "--models", no_models, "--state", foreign_path],
                         capture_output=True, text=True, timeout=30)
    check("restart: another program's SQLite file as --state -> exit 1 naming the file",
          run.returncode == 1 and foreign_path in run.stderr, (run.returncode, run.stderr))
    with open(foreign_path, "rb") as f:
        check("restart: ...and that file unchanged", f.read() == foreign, "modified")


def aws_cli(url):
    home = os.path.join(tmp, "cli-home")
    os.makedirs(home, exist_ok=True)
    cli_config = os.path.join(home, "config")
    with open(cli_config, "w") as f:
        f.write("[default]\noutput = json\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=home, AWS_CONFIG_FILE=cli_config, AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, "credentials"),
               AWS_ACCESS_KEY_ID=ACCESS, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION="us-east-1",
               AWS_MAX_ATTEMPTS="1", AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="")

    def aws(*args):
        run = aws_program.run(["machinelearning", *args, "--endpoint-url", url], env)
        try:
            value = json.loads(run.stdout) if run.stdout.strip() else {}
        except ValueError:
            value = {"unparsed": run.stdout}
        return run.returncode, value, run.stderr

    request = {"DataSourceId": "cli-ds-train", "DataSourceName": "cli-train", "ComputeStatistics": True,
               "DataSpec": s3_spec(CHURN, CHURN_SCHEMA, split(0, 70))}
    request_file = os.path.join(home, "create-data-source.json")
    with open(request_file, "w") as f:
        json.dump(request, f)
    rc, out, err = aws("create-data-source-from-s3", "--cli-input-json", "file://" + request_file)
    check("aws-cli: create-data-source-from-s3 --cli-input-json", rc == 0 and out.get("DataSourceId") == "cli-ds-train",
          (rc, out, err))
    rc, out, err = aws("create-data-source-from-s3", "--data-source-id", "cli-ds-eval",
                       "--data-source-name", "cli-eval",
                       "--data-spec", json.dumps(s3_spec(CHURN, CHURN_SCHEMA, split(70, 100))))
    check("aws-cli: create-data-source-from-s3 --data-spec JSON", rc == 0 and out.get("DataSourceId") == "cli-ds-eval",
          (rc, out, err))
    rc, out, err = aws("wait", "data-source-available", "--filter-variable", "Name", "--prefix", "cli-")
    check("aws-cli: wait data-source-available", rc == 0, (rc, err))
    for i, name in enumerate(("cli-ml", "cli-ml-2", "cli-ml-3")):
        rc, out, err = aws("create-ml-model", "--ml-model-id", name, "--ml-model-name", name,
                           "--ml-model-type", "BINARY", "--training-data-source-id", "cli-ds-train")
        check(f"aws-cli: create-ml-model {name}", rc == 0 and out.get("MLModelId") == name, (rc, out, err))
    rc, out, err = aws("wait", "ml-model-available", "--filter-variable", "TrainingDataSourceId",
                       "--eq", "cli-ds-train")
    check("aws-cli: wait ml-model-available", rc == 0, (rc, err))
    rc, out, err = aws("get-ml-model", "--ml-model-id", "cli-ml")
    check("aws-cli: get-ml-model -> COMPLETED", rc == 0 and out.get("Status") == "COMPLETED",
          (rc, out.get("Status"), err))
    rc, out, err = aws("create-evaluation", "--evaluation-id", "cli-ev", "--evaluation-name", "cli-evaluation",
                       "--ml-model-id", "cli-ml", "--evaluation-data-source-id", "cli-ds-eval")
    check("aws-cli: create-evaluation", rc == 0 and out.get("EvaluationId") == "cli-ev", (rc, out, err))
    rc, out, err = aws("wait", "evaluation-available", "--filter-variable", "MLModelId", "--eq", "cli-ml")
    check("aws-cli: wait evaluation-available", rc == 0, (rc, err))
    rc, out, err = aws("get-evaluation", "--evaluation-id", "cli-ev")
    auc = out.get("PerformanceMetrics", {}).get("Properties", {}).get("BinaryAUC")
    check("aws-cli: get-evaluation BinaryAUC in (0.6, 1]", rc == 0 and auc is not None and 0.6 < float(auc) <= 1,
          (rc, auc, err))
    rc, out, err = aws("create-realtime-endpoint", "--ml-model-id", "cli-ml")
    info = out.get("RealtimeEndpointInfo", {})
    check("aws-cli: create-realtime-endpoint READY at once (--processing-time 0)",
          rc == 0 and info.get("EndpointStatus") == "READY", (rc, out, err))
    record = {k: v for k, v in churn_eval_rows[1].items() if k != "churned"}
    rc, out, err = aws("predict", "--ml-model-id", "cli-ml", "--record", json.dumps(record),
                       "--predict-endpoint", info.get("EndpointUrl", url))
    prediction = out.get("Prediction", {})
    check("aws-cli: predict", rc == 0 and prediction.get("predictedLabel") in ("0", "1")
          and all(0 <= v <= 1 for v in prediction.get("predictedScores", {"": -1}).values()), (rc, out, err))
    rc, out, err = aws("describe-ml-models", "--max-items", "2")
    first = [m["MLModelId"] for m in out.get("Results", [])]
    token = out.get("NextToken")
    check("aws-cli: describe-ml-models --max-items 2 -> 2 models and a NextToken",
          rc == 0 and len(first) == 2 and token, (rc, first, token, err))
    if token:
        rc, out, err = aws("describe-ml-models", "--max-items", "2", "--starting-token", token)
        rest = [m["MLModelId"] for m in out.get("Results", [])]
        check("aws-cli: --starting-token gives the rest, each model once",
              rc == 0 and sorted(first + rest) == ["cli-ml", "cli-ml-2", "cli-ml-3"] and "NextToken" not in out,
              (rc, first, rest, err))
    rc, out, err = aws("describe-ml-models", "--page-size", "1")
    check("aws-cli: describe-ml-models --page-size 1 follows every page",
          rc == 0 and sorted(m["MLModelId"] for m in out.get("Results", [])) == ["cli-ml", "cli-ml-2", "cli-ml-3"],
          (rc, out, err))
    rc, out, err = aws("describe-ml-models", "--filter-variable", "Name", "--eq", "cli-ml-2", "--query",
                       "Results[].MLModelId")
    check("aws-cli: describe-ml-models --filter-variable/--eq/--query", rc == 0 and out == ["cli-ml-2"], (rc, out, err))
    rc, out, err = aws("get-ml-model", "--ml-model-id", "ml-unknown")
    check("aws-cli: unknown id -> exit 255, ResourceNotFoundException on stderr",
          rc == 255 and "ResourceNotFoundException" in err and out == {}, (rc, err))
    rc, out, err = aws("add-tags", "--resource-id", "cli-ml", "--resource-type", "MLModel", "--tags",
                       "Key=aws:reserved,Value=1")
    check("aws-cli: add-tags aws: key -> exit 255, InvalidTagException", rc == 255 and "InvalidTagException" in err,
          (rc, err))


# --- the run -------------------------------------------------------------------------------------

def group(name, function, *args):
    """Runs one group; an exception is one failed check, and the next group runs."""
    t0 = time.monotonic()
    try:
        function(*args)
    except Exception as e:
        check(f"{name}: ran to the end", False, f"{type(e).__name__}: {e}\n" + traceback.format_exc(limit=4))
    print(f"# {name}: {time.monotonic() - t0:.1f} s", flush=True)


try:
    put_object("schemas/small.schema", SMALL_SCHEMA_TEXT)
    state_path = os.path.join(tmp, "state.sqlite")
    a = harness.emulator("--port", "0", "--s3-root", s3_root, "--state", state_path, "--processing-time", "400ms", name="a")
    b = harness.emulator("--port", "0", "--s3-root", s3_root, "--processing-time", "300ms", name="b")
    ml_a, ml_b = client(a.url), client(b.url)
    group("workflow", workflow, ml_a, a)
    group("multiclass", multiclass, ml_a, a)
    group("regression", regression, ml_a, a)
    group("errors", errors, ml_a, a)
    group("paginators", paginators, ml_b, b, ml_a)
    group("concurrency", concurrency, b.url, ml_b)
    group("restart", restart, a, state_path)
    if aws_program.available():
        c = harness.emulator("--port", "0", "--s3-root", s3_root, "--processing-time", "0", name="cli")
        group("aws-cli", aws_cli, c.url)
    elif os.environ.get("AWSML_REQUIRE_VECTORS") == "1":
        check("aws-cli: the AWS CLI (aws) is on PATH", False, "not found")
    else:
        print("ok - aws-cli # SKIP the AWS CLI (aws) is not on PATH")
    for emulator in emulators:
        if emulator.proc.poll() is None:
            emulator.proc.terminate()
            code = emulator.proc.wait(timeout=15)
            check(f"awsml-local ({emulator.address}) exits 0 on SIGTERM", code == 0, f"{code}: {emulator.stderr()}")
except Exception as e:
    check("setup", False, f"{type(e).__name__}: {e}\n" + traceback.format_exc(limit=4))
finally:
    if failures:
        for emulator in emulators:
            print(f"# stderr of awsml-local at {getattr(emulator, 'address', '?')}:", emulator.stderr()[-600:])
    cleanup()

print(f"# {harness.checks - len(failures)} passed, {len(failures)} failed in {time.monotonic() - started:.1f} s")
sys.exit(1 if failures else 0)
