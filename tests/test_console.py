#!/usr/bin/env python3
"""awsml-local's web console in a real browser: the program started here (--port 0, a temporary
--s3-root with the demo's churn data and two small generated data sets, --processing-time 0), its
entities created through the API with boto3, then headless Chromium driven by Selenium over the
console's pages.

Checks print 'ok - NAME' or 'not ok - NAME: REASON'; the script exits 1 when any failed. First,
without a browser, the console's HTTP answers: its page and token, 404 for unknown pages, a name
full of HTML coming back as data, state-changing requests refused without the token or from
another origin (and nothing changed), --no-console. Then, in Chromium: each page's SVG charts with
the counts the console's JSON and the data say, the threshold slider moved with the keyboard and
its five metrics compared with values computed here from the batch prediction's scores of the same
records, the threshold saved and read back with GetMLModel, and requests the browser makes without
the token or from another origin refused. A screenshot of the evaluation page goes to OUTPUT_DIR.

Without boto3, Chromium, chromedriver or Selenium (Debian: chromium, chromium-driver,
python3-selenium) the browser part is skipped with a message (exit 77) unless
AWSML_REQUIRE_VECTORS=1 asks for every test to run.

Usage: test_console.py AWSML_LOCAL EXAMPLES_DATA_DIR OUTPUT_DIR"""
import atexit
import csv
import http.client as http_client
import io
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from local_emulator import LocalEmulator  # noqa: E402

local_bin, data_dir, output_dir = sys.argv[1:4]
ACCESS, SECRET = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REQUIRED = os.environ.get("AWSML_REQUIRE_VECTORS") == "1"
started = time.monotonic()


def skip(reason):
    if REQUIRED:
        print("not ok - the console test needs", reason, "(AWSML_REQUIRE_VECTORS=1)")
        sys.exit(1)
    print("SKIPPED:", reason)
    sys.exit(77)


try:
    import boto3
    from botocore.config import Config
except ImportError as e:
    skip(f"boto3 is not installed: {e}")

failures = []


def check(name, condition, reason=""):
    if condition:
        print("ok -", name, flush=True)
    else:
        failures.append(name)
        print(f"not ok - {name}: {reason}", flush=True)
    return bool(condition)


tmp = tempfile.mkdtemp(prefix="awsml-console-")
s3_root = os.path.join(tmp, "s3")
emulators = []
no_models = os.path.join(tmp, "no-models.json")
with open(no_models, "w") as f:
    f.write("[]\n")


class Emulator(LocalEmulator):
    def __init__(self, *extra):
        super().__init__(local_bin, os.path.join(tmp, f"local-{len(emulators)}.log"),
                         ["--port", "0", "--models", no_models, "--s3-root", s3_root, *extra])
        emulators.append(self)


driver = None


def cleanup():
    global driver
    if driver is not None:
        try:
            driver.quit()
        except Exception as e:
            print("# cleanup:", e)
        driver = None
    while emulators:
        emulators.pop().stop()
    shutil.rmtree(tmp, ignore_errors=True)


atexit.register(cleanup)
signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(f"stopped by signal {signum}"))

for key in [k for k in os.environ if k.startswith("AWS_")]:
    del os.environ[key]
os.environ["AWS_CONFIG_FILE"] = os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"


def client(url):
    return boto3.client("machinelearning", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id=ACCESS, aws_secret_access_key=SECRET,
                        config=Config(retries={"total_max_attempts": 1}, read_timeout=60))


# --- the data --------------------------------------------------------------------------------------

def put_object(key, text):
    path = os.path.join(s3_root, key)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        f.write(text)
    return "s3://" + key


def csv_text(header, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def schema_text(target, attributes):
    return json.dumps({"version": "1.0", "targetAttributeName": target, "dataFormat": "CSV",
                       "dataFileContainsHeader": True,
                       "attributes": [{"attributeName": n, "attributeType": t} for n, t in attributes]})


def split(begin, end):
    return json.dumps({"splitting": {"percentBegin": begin, "percentEnd": end}})


def sequential_part(rows, begin, end):
    n = len(rows)
    return [row for i, row in enumerate(rows) if begin <= i * 100 // n < end]


with open(os.path.join(data_dir, "churn.csv"), newline="") as f:
    churn_rows = list(csv.DictReader(f))
CHURN = put_object("data/churn.csv", open(os.path.join(data_dir, "churn.csv")).read())
CHURN_SCHEMA = put_object("schemas/churn.schema", open(os.path.join(data_dir, "churn.csv.schema")).read())
rng = random.Random(18)
colour_rows = []
for i in range(300):
    colour = ("red", "green", "blue")[i % 3]
    cx, cy = {"red": (0, 0), "green": (4, 4), "blue": (8, 0)}[colour]
    colour_rows.append([f"{rng.gauss(cx, 1.5):.3f}", f"{rng.gauss(cy, 1.5):.3f}", colour])
COLOURS = put_object("data/colours.csv", csv_text(["x1", "x2", "colour"], colour_rows))
COLOURS_SCHEMA = put_object("schemas/colours.schema", schema_text(
    "colour", [("x1", "NUMERIC"), ("x2", "NUMERIC"), ("colour", "CATEGORICAL")]))
line_rows = [[f"{x1:.3f}", f"{x2:.3f}", f"{3 * x1 - 2 * x2 + rng.gauss(0, 0.5):.3f}"]
             for x1, x2 in ((rng.uniform(-5, 5), rng.uniform(-5, 5)) for _ in range(300))]
LINE = put_object("data/line.csv", csv_text(["x1", "x2", "y"], line_rows))
LINE_SCHEMA = put_object("schemas/line.schema", schema_text(
    "y", [("x1", "NUMERIC"), ("x2", "NUMERIC"), ("y", "NUMERIC")]))

HTML_NAME = '<img src=x id="injected-img"><b id="injected">bold</b> & "quotes"'


def create_entities(ml):
    """The demo's churn workflow, a MULTICLASS and a REGRESSION one, all COMPLETED at once."""
    for source, location, schema, begin, end, name in [
            ("ds-churn-train", CHURN, CHURN_SCHEMA, 0, 70, "churn-train"),
            ("ds-churn-eval", CHURN, CHURN_SCHEMA, 70, 100, HTML_NAME),
            ("ds-colours-train", COLOURS, COLOURS_SCHEMA, 0, 70, "colours-train"),
            ("ds-colours-eval", COLOURS, COLOURS_SCHEMA, 70, 100, "colours-eval"),
            ("ds-line-train", LINE, LINE_SCHEMA, 0, 70, "line-train"),
            ("ds-line-eval", LINE, LINE_SCHEMA, 70, 100, "line-eval")]:
        ml.create_data_source_from_s3(
            DataSourceId=source, DataSourceName=name, ComputeStatistics=True,
            DataSpec={"DataLocationS3": location, "DataSchemaLocationS3": schema,
                      "DataRearrangement": split(begin, end)})
    for kind, model_type in [("churn", "BINARY"), ("colours", "MULTICLASS"), ("line", "REGRESSION")]:
        ml.create_ml_model(MLModelId=f"ml-{kind}", MLModelName=f"{kind}-model", MLModelType=model_type,
                           TrainingDataSourceId=f"ds-{kind}-train")
        ml.create_evaluation(EvaluationId=f"ev-{kind}", EvaluationName=f"{kind}-evaluation",
                             MLModelId=f"ml-{kind}", EvaluationDataSourceId=f"ds-{kind}-eval")
    ml.create_batch_prediction(BatchPredictionId="bp-churn", BatchPredictionName="churn-batch",
                               MLModelId="ml-churn", BatchPredictionDataSourceId="ds-churn-eval",
                               OutputUri="s3://results/churn/")
    deadline = time.monotonic() + 30
    for get, key, ids in [(ml.get_data_source, "DataSourceId",
                           ["ds-churn-train", "ds-churn-eval", "ds-colours-eval", "ds-line-eval"]),
                          (ml.get_evaluation, "EvaluationId", ["ev-churn", "ev-colours", "ev-line"]),
                          (ml.get_batch_prediction, "BatchPredictionId", ["bp-churn"])]:
        for entity_id in ids:
            while get(**{key: entity_id})["Status"] not in ("COMPLETED", "FAILED"):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{entity_id} did not complete")
                time.sleep(0.05)


# --- what the test computes itself from the evaluation's records --------------------------------

def churn_scored():
    """(score, is positive) of each evaluation record: the truths from churn.csv's last 30%, the
    scores from the batch prediction over the same data source (one row per record, in order)."""
    with open(os.path.join(s3_root, "results/churn/batch-prediction/result/bp-churn.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    truths = [r["churned"] for r in sequential_part(churn_rows, 70, 100)]
    assert len(rows) == len(truths), (len(rows), len(truths))
    return [(float(r["score"]), t.strip() == "1") for r, t in zip(rows, truths)]


def five_metrics(scored, threshold):
    tp = sum(1 for s, p in scored if p and s >= threshold)
    fp = sum(1 for s, p in scored if not p and s >= threshold)
    tn = sum(1 for s, p in scored if not p and s < threshold)
    fn = sum(1 for s, p in scored if p and s < threshold)
    ratio = lambda a, b: a / b if b else 0.0
    return {"accuracy": ratio(tp + tn, len(scored)), "precision": ratio(tp, tp + fp),
            "recall": ratio(tp, tp + fn), "false-positive-rate": ratio(fp, fp + tn),
            "f1": ratio(2 * tp, 2 * tp + fp + fn)}


def auc_of(scored):
    positives = [s for s, p in scored if p]
    negatives = [s for s, p in scored if not p]
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


# --- HTTP, without a browser ---------------------------------------------------------------------

def http(url, method="GET", body=None, headers=None):
    """(status, headers, body text) of one request."""
    request = urllib.request.Request(url, data=body.encode() if body is not None else None,
                                     method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def page_token(url):
    status, _, page = http(url + "/")
    marker = '<meta name="console-token" content="'
    start = page.find(marker) + len(marker)
    return page[start:page.find('"', start)] if status == 200 and start >= len(marker) else None


def http_checks(emulator, ml):
    url = emulator.url
    token = page_token(url)
    check("http: GET / serves the page with a token", token and len(token) == 64, token)
    status, headers, _ = http(url + "/")
    check("http: the page forbids inline and foreign scripts",
          "script-src 'self'" in headers.get("Content-Security-Policy", ""), dict(headers))
    for path in ["/nope", "/evaluations/ev-none", "/ml-models/ml-churn/extra", "/console/api/nope"]:
        status, _, body = http(url + path)
        check(f"http: GET {path} is 404", status == 404, (status, body[:200]))
    connection = http_client.HTTPConnection(emulator.address.rsplit(":", 1)[0],
                                            int(emulator.address.rsplit(":", 1)[1]), timeout=30)
    connection.request("GET", "/<script>x</script>")
    response = connection.getresponse()
    status, body = response.status, response.read().decode()
    connection.close()
    check("http: a 404 page quotes its path escaped",
          status == 404 and "<script>x" not in body and "&lt;script&gt;x" in body, body[:300])
    _, _, lists = http(url + "/console/api/lists")
    names = [d.get("Name") for d in json.loads(lists)["DataSources"]["Results"]]
    check("http: a name full of HTML comes back as the same JSON string", HTML_NAME in names, names)

    path = url + "/console/api/ml-models/ml-churn/score-threshold"
    body = json.dumps({"ScoreThreshold": "0.2"})
    origin = {"Origin": url, "Content-Type": "application/json"}
    before = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    refusals = {
        "no token": origin,
        "a wrong token": {**origin, "X-Console-Token": "0" * 64},
        "another Origin": {"Origin": "http://evil.example", "X-Console-Token": token},
        "no Origin": {"X-Console-Token": token},
        "Sec-Fetch-Site cross-site": {**origin, "X-Console-Token": token, "Sec-Fetch-Site": "cross-site"},
    }
    for what, headers in refusals.items():
        status, _, answer = http(path, "POST", body, headers)
        check(f"http: a POST with {what} is refused (403)", status == 403, (status, answer[:200]))
    for malformed in ["abc", "1.5", "-0.1", "0.3x", ""]:
        status, _, answer = http(path, "POST", json.dumps({"ScoreThreshold": malformed}),
                                 {**origin, "X-Console-Token": token})
        message = json.loads(answer).get("message", "") if answer.startswith("{") else answer
        check(f"http: ScoreThreshold {malformed!r} is refused with a clear message",
              status == 400 and "ScoreThreshold must be a number from 0 to 1" in message, (status, message))
    after = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    check("http: refused requests changed nothing", after == before, (before, after))

    quiet = Emulator("--no-console")
    # The API's own answer to an unsigned GET, as before the console: no page, no token.
    status, _, body = http(quiet.url + "/")
    check("http: --no-console: GET / is the API's refusal, no page",
          status == 403 and "MissingAuthenticationTokenException" in body and "console-token" not in body,
          (status, body[:200]))
    status, _, _ = http(quiet.url + "/console/api/ml-models/ml-churn/score-threshold", "POST", body,
                        {"Origin": quiet.url, "X-Console-Token": token or ""})
    check("http: --no-console: no console endpoint", status == 403, status)
    quiet.stop()
    emulators.remove(quiet)


# --- in the browser -----------------------------------------------------------------------------

def load_selenium():
    try:
        import selenium  # noqa: F401
    except ImportError:
        # Debian's python3-selenium, for a python3 that is not Debian's (the one with boto3).
        sys.path.append("/usr/lib/python3/dist-packages")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError as e:
        skip(f"Selenium is not installed (Debian: python3-selenium): {e}")
    return webdriver, Service, By, Keys, WebDriverWait


def start_browser():
    global driver
    webdriver, Service, By, Keys, WebDriverWait = load_selenium()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        skip("Chromium or chromedriver is missing (Debian: chromium, chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,1300", "--no-first-run", "--disable-extensions",
                     "--disable-background-networking", "--disable-component-update"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return By, Keys, WebDriverWait


def browser_checks(emulator, ml):
    By, Keys, WebDriverWait = start_browser()
    url = emulator.url

    class wait:  # WebDriverWait that says what the page showed when it gives up
        @staticmethod
        def until(condition):
            try:
                return WebDriverWait(driver, 15).until(condition)
            except Exception:
                print("# page:", driver.current_url, driver.find_element(By.TAG_NAME, "main").text[:2000])
                print("# browser log:", driver.get_log("browser"))
                raise

    def api(path):
        return json.loads(http(url + "/console/api" + path)[2])

    def bars(selector):
        return driver.find_elements(By.CSS_SELECTOR, selector)

    # The lists.
    driver.get(url + "/")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#list-Evaluations tbody tr"))
    for key, expected in [("DataSources", 6), ("MLModels", 3), ("Evaluations", 3), ("BatchPredictions", 1)]:
        rows = bars(f"#list-{key} tbody tr")
        check(f"browser: the list of {key} has {expected} rows", len(rows) == expected, len(rows))
    link_texts = [a.text for a in bars("#list-DataSources a")]
    check("browser: a name full of HTML shows as its text",
          HTML_NAME in link_texts and not bars("#injected") and not bars("#injected-img"),
          link_texts)

    # Describe*'s Name prefix and SortOrder, from the lists' form.
    driver.find_element(By.ID, "filter-prefix").send_keys("churn")
    driver.find_element(By.ID, "sort-order").send_keys("desc")  # the option "descending"
    driver.find_element(By.ID, "apply-filter").send_keys(Keys.ENTER)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#list-DataSources tbody tr")) == 1)
    expected = ml.describe_ml_models(FilterVariable="Name", Prefix="churn", SortOrder="dsc")["Results"]
    shown = [a.text for a in bars("#list-MLModels a")]
    check("browser: the lists filter by name prefix and sort as Describe* does",
          shown == [m["Name"] for m in expected] and len(bars("#list-Evaluations tbody tr")) == 1,
          (shown, [m["Name"] for m in expected]))
    status, _, body = http(url + "/console/api/lists?order=sideways")
    check("http: a malformed sort order is refused with a clear message",
          status == 400 and "order must be asc or dsc" in body, (status, body[:200]))

    # A data source's insights.
    driver.get(url + "/data-sources/ds-churn-train")
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#insights svg"))
    statistics = api("/data-sources/ds-churn-train")["Statistics"]
    for attribute in statistics["attributes"]:
        name = attribute["name"]
        if attribute["histogram"]:
            rects = bars(f"svg[id='histogram-{name}'] rect.bar")
            counts = [int(r.get_attribute("data-count")) for r in rects]
            check(f"browser: {name}'s histogram has its {len(attribute['histogram'])} bins",
                  counts == attribute["histogram"], counts)
        else:
            rects = bars(f"svg[id='counts-{name}'] rect.bar")
            check(f"browser: {name}'s category counts",
                  [int(r.get_attribute("data-count")) for r in rects] == [v["count"] for v in attribute["topValues"]],
                  len(rects))
    ages = [int(r["age"]) for r in sequential_part(churn_rows, 0, 70) if r["age"].strip()]
    check("browser: the age histogram counts every training record with an age",
          sum(int(r.get_attribute("data-count")) for r in bars("svg[id='histogram-age'] rect.bar")) == len(ages),
          len(ages))

    # A model: parameters, recipe, an endpoint and Predict.
    driver.get(url + "/ml-models/ml-churn")
    wait.until(lambda d: d.find_elements(By.ID, "create-endpoint"))
    model = ml.get_ml_model(MLModelId="ml-churn", Verbose=True)
    check("browser: the model's training parameters",
          len(bars("table.parameters tbody tr")) == len(model["TrainingParameters"]),
          len(bars("table.parameters tbody tr")))
    check("browser: the model's recipe and schema tables",
          bars("table.recipe tbody tr") and len(bars("table.schema tbody tr")) == 8, "")
    driver.find_element(By.ID, "create-endpoint").send_keys(Keys.ENTER)
    wait.until(lambda d: d.find_elements(By.ID, "predict-form"))
    record = {"age": "30", "job": "technician", "dayMinutes": "290", "serviceCalls": "7",
              "internationalPlan": "yes", "plan": "premium"}
    for name, value in record.items():
        driver.find_element(By.ID, "predict-" + name).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#predict-form button[type=submit]").click()
    wait.until(lambda d: d.find_element(By.ID, "predict-result").text)
    endpoint_url = ml.get_ml_model(MLModelId="ml-churn")["EndpointInfo"]["EndpointUrl"]
    expected = ml.predict(MLModelId="ml-churn", Record=record, PredictEndpoint=endpoint_url)["Prediction"]
    shown = driver.find_element(By.ID, "predict-result").text
    check("browser: Predict from the form answers as the API does",
          f"Predicted label\n{expected['predictedLabel']}" in shown, (shown, expected))

    # The BINARY evaluation: histograms, ROC, the slider and its metrics, saving.
    scored = churn_scored()
    driver.get(url + "/evaluations/ev-churn")
    wait.until(lambda d: d.find_elements(By.ID, "threshold"))
    view = api("/evaluations/ev-churn")["Binary"]
    positive, negative = bars("#score-histogram rect.bar.positive"), bars("#score-histogram rect.bar.negative")
    check("browser: two score histograms of 20 bins", len(positive) == len(negative) == 20,
          (len(positive), len(negative)))
    bin_of = lambda s: min(int(s * 20), 19)
    for label, rects, wanted in [("positive", positive, True), ("negative", negative, False)]:
        counts = [int(r.get_attribute("data-count")) for r in rects]
        mine = [sum(1 for s, p in scored if p == wanted and bin_of(s) == b) for b in range(20)]
        check(f"browser: the {label} histogram counts the records' scores", counts == mine, (counts, mine))
    check("browser: the ROC curve has a point per distinct score and its ends",
          len(driver.find_element(By.CSS_SELECTOR, "#roc polyline").get_attribute("points").split())
          == len({s for s, _ in scored}) + 2, "")
    auc_shown = float(driver.find_element(By.ID, "auc").get_attribute("data-value"))
    api_auc = float(ml.get_evaluation(EvaluationId="ev-churn")["PerformanceMetrics"]["Properties"]["BinaryAUC"])
    check("browser: the AUC shown is the API's and the test's own",
          abs(auc_shown - api_auc) < 1e-12 and abs(auc_shown - auc_of(scored)) < 1e-9,
          (auc_shown, api_auc, auc_of(scored)))
    slider = driver.find_element(By.ID, "threshold")
    check("browser: the slider starts at the model's threshold (0.50)",
          driver.find_element(By.ID, "threshold-value").text == "0.50",
          driver.find_element(By.ID, "threshold-value").text)

    def shown_metrics():
        return {key: float(driver.find_element(By.ID, "metric-" + key).get_attribute("data-value"))
                for key in ["accuracy", "precision", "recall", "false-positive-rate", "f1"]}

    for keys, step in [([Keys.ARROW_LEFT] * 20, 30), ([Keys.ARROW_RIGHT] * 45, 75), ([Keys.HOME], 0),
                       ([Keys.END] + [Keys.ARROW_LEFT] * 37, 63)]:
        slider.send_keys(*keys)
        threshold = step / 100
        shown = shown_metrics()
        mine = five_metrics(scored, threshold)
        check(f"browser: at threshold {threshold:.2f} the five metrics are the test's own",
              driver.find_element(By.ID, "threshold-value").text == f"{threshold:.2f}"
              and all(abs(shown[k] - mine[k]) < 1e-12 for k in mine), (shown, mine))
    os.makedirs(output_dir, exist_ok=True)
    screenshot = os.path.join(output_dir, "console-evaluation.png")
    driver.save_screenshot(screenshot)
    check("browser: a screenshot of the evaluation page", os.path.getsize(screenshot) > 10000, screenshot)
    driver.find_element(By.ID, "save-threshold").send_keys(Keys.ENTER)
    wait.until(lambda d: d.find_element(By.ID, "save-message").text)
    saved = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    check("browser: the saved threshold is GetMLModel's ScoreThreshold",
          "Saved" in driver.find_element(By.ID, "save-message").text and abs(saved - 0.63) < 1e-6, saved)

    # What another page could try, from the browser itself: nothing changes.
    refused = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/console/api/ml-models/ml-churn/score-threshold', {method: 'POST',
              headers: {'Content-Type': 'application/json'}, body: '{"ScoreThreshold":"0.1"}'})
          .then((r) => done(r.status), (e) => done(String(e)));""")
    check("browser: a same-origin POST without the token is refused", refused == 403, refused)
    token = driver.find_element(By.CSS_SELECTOR, 'meta[name="console-token"]').get_attribute("content")
    driver.get(attacker_page())  # another web page open in the same browser
    outcomes = driver.execute_async_script("""
        const [target, token, done] = arguments;
        const body = '{"ScoreThreshold":"0.1"}';
        Promise.all([
          fetch(target, {method: 'POST', mode: 'no-cors', body}).then((r) => r.type, (e) => 'error'),
          fetch(target, {method: 'POST', body, headers: {'X-Console-Token': token,
                'Content-Type': 'application/json'}}).then((r) => r.status, (e) => 'blocked'),
        ]).then(done);""", url + "/console/api/ml-models/ml-churn/score-threshold", token)
    after = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    check("browser: POSTs from another origin, with or without the token, change nothing",
          abs(after - 0.63) < 1e-6, (outcomes, after))

    # MULTICLASS and REGRESSION evaluations.
    driver.get(url + "/evaluations/ev-colours")
    wait.until(lambda d: d.find_elements(By.ID, "confusion-matrix"))
    matrix = api("/evaluations/ev-colours")["Multiclass"]
    cells = [int(td.text) for td in bars("#confusion-matrix tbody td")]
    colours_eval = sequential_part(colour_rows, 70, 100)
    check("browser: the confusion matrix is 3 x 3 and counts every record",
          len(cells) == 9 and sum(cells) == len(colours_eval), cells)
    check("browser: the per-class F1 chart has a bar per class",
          len(bars("#per-class-f1 rect.bar")) == len(matrix["Classes"]) == 3, len(bars("#per-class-f1 rect.bar")))
    driver.get(url + "/evaluations/ev-line")
    wait.until(lambda d: d.find_elements(By.ID, "residual-histogram"))
    rects = bars("#residual-histogram rect.bar")
    rmse_api = float(ml.get_evaluation(EvaluationId="ev-line")["PerformanceMetrics"]["Properties"]["RegressionRMSE"])
    check("browser: the residual histogram has 20 bins over every record",
          len(rects) == 20 and sum(int(r.get_attribute("data-count")) for r in rects)
          == len(sequential_part(line_rows, 70, 100)), len(rects))
    check("browser: the RMSE shown is the API's and beats the baseline",
          driver.find_element(By.ID, "rmse").text == f"{rmse_api:.4f}"
          and float(driver.find_element(By.ID, "baseline-rmse").text) > rmse_api,
          (driver.find_element(By.ID, "rmse").text, rmse_api))
    console_errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"
                      and "console/api" not in e.get("message", "")]
    check("browser: no script errors", not console_errors, console_errors)


def attacker_page():
    """A page of another origin (a second server on loopback), without the console's CSP."""
    import http.server
    import threading
    folder = os.path.join(tmp, "attacker")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "index.html"), "w") as f:
        f.write('<!doctype html><link rel="icon" href="data:,"><title>another site</title><p>another site</p>')
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=folder)
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atexit.register(server.shutdown)
    return f"http://127.0.0.1:{server.server_address[1]}/index.html"


def main():
    emulator = Emulator("--processing-time", "0")
    ml = client(emulator.url)
    create_entities(ml)
    http_checks(emulator, ml)
    if failures:
        print(f"{len(failures)} failed before the browser: {failures}")
        return 1
    browser_checks(emulator, ml)
    print(f"# {time.monotonic() - started:.1f} s")
    if failures:
        print(f"{len(failures)} failed: {failures}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
