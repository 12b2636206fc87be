#!/usr/bin/env python3
"""awsml-local's web console in real browsers: the program started here (--port 0, a temporary
--s3-root with the demo's churn data and two small generated data sets, --processing-time 0), its
entities created through the API with boto3, then the console's pages in headless Chromium driven
by Selenium and in headless Firefox driven through Marionette (tests/support/marionette.py).

Checks print 'ok - NAME' or 'not ok - NAME: REASON'; the script exits 1 when any failed. First,
without a browser, the console's HTTP answers: its page and token, 404 for unknown pages, a name
full of HTML coming back as data, the lists' Describe* queries and their malformed values,
state-changing requests refused without the token or from another origin (and nothing changed),
--no-console (its pages 404, the API as it was). Then the same checks in each browser
(browser_checks): the lists, filtered and sorted from their forms as Describe* answers the same
query; each page's SVG charts with the counts the console's JSON and the data say; a batch
prediction's page; Predict from a model's page; the threshold slider moved with the keyboard and
its five metrics compared with values computed here from the batch prediction's scores of the
same records; the threshold saved and read back with GetMLModel (0.63 from Chromium, then 0.41
from Firefox); requests the browser makes without the token or from another origin refused.
A screenshot of Chromium's evaluation page goes to OUTPUT_DIR.

A browser that is missing (Debian: chromium, chromium-driver and python3-selenium; firefox-esr)
is skipped with a message, and the whole test (exit 77) when both are, unless
AWSML_REQUIRE_VECTORS=1 asks for every test to run; so is the test without boto3.

Usage: test_console.py AWSML_LOCAL EXAMPLES_DATA_DIR OUTPUT_DIR"""
import csv
import http.client as http_client
import json
import os
import random
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
from local_emulator import LocalRun, auc_of, batch_result_rows, csv_text, schema_text, sequential_part, skip, split  # noqa: E402
import marionette  # noqa: E402

local_bin, data_dir, output_dir = sys.argv[1:4]
REQUIRED = os.environ.get("AWSML_REQUIRE_VECTORS") == "1"
started = time.monotonic()
harness = LocalRun(local_bin, "awsml-console-")
check, put_object, s3_root, tmp = harness.check, harness.put_object, harness.s3_root, harness.tmp


# --- the data --------------------------------------------------------------------------------------

with open(os.path.join(data_dir, "churn.csv"), newline="") as f:
    churn_rows = list(csv.DictReader(f))
harness.make_bucket("results")  # the batch predictions' output
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
    header, *values = batch_result_rows(s3_root, "s3://results/churn/", "bp-churn")[1]
    rows = [dict(zip(header, v)) for v in values]
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
    for path in ["/nope", "/evaluations/ev-none", "/ml-models/ml-churn/extra", "/console/api/nope",
                 "/batch-predictions/bp-none", "/console/api/lists/nope"]:
        status, _, body = http(url + path)
        check(f"http: GET {path} is 404", status == 404, (status, body[:200]))
    connection = http_client.HTTPConnection(emulator.address.rsplit(":", 1)[0], emulator.port, timeout=30)
    connection.request("GET", "/<script>x</script>")
    response = connection.getresponse()
    status, body = response.status, response.read().decode()
    connection.close()
    check("http: a 404 page quotes its path escaped",
          status == 404 and "<script>x" not in body and "&lt;script&gt;x" in body, body[:300])
    _, _, listed = http(url + "/console/api/lists/data-sources")
    names = [d.get("Name") for d in json.loads(listed)["Results"]]
    check("http: a name full of HTML comes back as the same JSON string", HTML_NAME in names, names)
    for query, message in [("SortOrder=sideways", "SortOrder must be asc or dsc"),
                           ("FilterVariable=Colour&EQ=red", "Unknown FilterVariable Colour"),
                           ("FilterVariable=CreatedAt&LT=tomorrow", "LT must be a time"),
                           ("Limit=1", "A list takes FilterVariable, EQ, GT, LT, GE, LE, NE, Prefix and SortOrder")]:
        status, _, body = http(url + "/console/api/lists/ml-models?" + query)
        check(f"http: a list's malformed query {query} is refused with a clear message",
              status == 400 and message in body, (status, body[:200]))

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

    quiet = harness.emulator("--port", "0", "--s3-root", s3_root, "--no-console", name="no-console")
    for page in ["/", "/evaluations/ev-churn", "/console.js"]:
        status, _, answer = http(quiet.url + page)
        check(f"http: --no-console: GET {page} is an unknown page (404), no console",
              status == 404 and "UnknownOperationException" in answer and "console-token" not in answer,
              (status, answer[:200]))
    status, _, _ = http(quiet.url + "/console/api/ml-models/ml-churn/score-threshold", "POST", body,
                        {"Origin": quiet.url, "X-Console-Token": token or ""})
    check("http: --no-console: no console endpoint (404)", status == 404, status)
    quiet_ml = harness.client(quiet.url)
    quiet_ml.create_data_source_from_s3(
        DataSourceId="ds-quiet", DataSpec={"DataLocationS3": CHURN, "DataSchemaLocationS3": CHURN_SCHEMA})
    check("http: --no-console: the API answers as with the console",
          quiet_ml.get_data_source(DataSourceId="ds-quiet")["DataLocationS3"] == CHURN, "")
    harness.stop(quiet)


# --- in browsers ----------------------------------------------------------------------------------

class Keys:
    """WebDriver's key codes (its "Keyboard actions" table), which both drivers send."""
    ENTER, END, HOME = "\ue007", "\ue010", "\ue011"
    ARROW_LEFT, ARROW_RIGHT = "\ue012", "\ue014"


class Browser:
    """One browser under test, for the checks: its driver (Selenium's Chrome, or marionette's
    Firefox: the subset of Selenium's interface both have), the name its checks carry, and its
    script errors when the driver can read them."""

    def __init__(self, name, driver, url, script_errors=None):
        self.name, self.driver, self.url, self.script_errors = name, driver, url, script_errors

    def check(self, what, condition, reason=""):
        return check(f"{self.name}: {what}", condition, reason)

    def open(self, path):
        self.driver.get(self.url + path)

    def all(self, css):
        return self.driver.find_elements("css selector", css)

    def one(self, element_id):
        return self.driver.find_element("id", element_id)

    def texts(self, css):
        """The text of every element matching css, read at once (the lists are redrawn while
        polling, so elements found one call earlier may be gone)."""
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.textContent);", css)

    def attributes(self, css, name):
        return self.driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.getAttribute(arguments[1]));",
            css, name)

    def choose(self, select_id, value):
        """Picks an option of a select as a user does (WebDriver clicks the option)."""
        self.driver.find_element("css selector", f"#{select_id} option[value='{value}']").click()

    def wait(self, condition, timeout=15):
        """condition() until it is true (an exception meaning not yet); says what the page showed
        when it gives up."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = condition()
                if value:
                    return value
            except Exception as e:  # a page being redrawn
                value = e
            if time.monotonic() > deadline:
                main = self.texts("main")
                print(f"# {self.name}: gave up waiting; last: {value!r}; page: {main[0][:2000] if main else ''}")
                raise TimeoutError(f"{self.name}: the page did not show what was expected")
            time.sleep(0.05)


def start_chromium():
    """Chromium through Selenium and chromedriver, or None with the reason it is missing."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        # Debian's python3-selenium, for a python3 that is not Debian's (the one with boto3).
        sys.path.append("/usr/lib/python3/dist-packages")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as e:
        return None, f"Selenium is not installed (Debian: python3-selenium): {e}"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        return None, "Chromium or chromedriver is missing (Debian: chromium, chromium-driver)"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,1300", "--no-first-run", "--disable-extensions",
                     "--disable-background-networking", "--disable-component-update",
                     # Nothing leaves the machine: no name resolves (the console is at an IP).
                     "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    harness.at_cleanup(driver.quit)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver, None


def start_firefox():
    """Firefox through Marionette, or None with the reason it is missing."""
    firefox = shutil.which("firefox-esr") or shutil.which("firefox")
    if not firefox:
        return None, "Firefox is missing (Debian: firefox-esr)"
    driver = marionette.Firefox(firefox, os.path.join(tmp, "firefox-profile"), os.path.join(tmp, "firefox.log"))
    harness.at_cleanup(driver.quit)
    return driver, None


def lists_page(b, ml):
    b.open("/")
    b.wait(lambda: b.all("#list-Evaluations tbody tr") and b.all("#list-BatchPredictions tbody tr"))
    for key, expected in [("DataSources", 6), ("MLModels", 3), ("Evaluations", 3), ("BatchPredictions", 1)]:
        rows = b.all(f"#list-{key} tbody tr")
        b.check(f"the list of {key} has {expected} rows", len(rows) == expected, len(rows))
    link_texts = b.texts("#list-DataSources a")
    b.check("a name full of HTML shows as its text",
            HTML_NAME in link_texts and not b.all("#injected") and not b.all("#injected-img"), link_texts)
    b.check("a batch prediction's name links to its page",
            b.attributes("#list-BatchPredictions a", "href") == ["/batch-predictions/bp-churn"],
            b.attributes("#list-BatchPredictions a", "href"))

    # Each list's form: a FilterVariable of its kind, a comparison, SortOrder; the rows shown are
    # Describe*'s answer to the same query, in its order.
    names = lambda answer, key: [e["Name"] for e in answer[key]]  # noqa: E731
    unfiltered = {key: len(b.all(f"#list-{key} tbody tr")) for key in ["DataSources", "MLModels", "Evaluations",
                                                                      "BatchPredictions"]}
    for key, variable, comparison, value, order, expected in [
            ("DataSources", "Name", "Prefix", "c", "dsc",
             names(ml.describe_data_sources(FilterVariable="Name", Prefix="c", SortOrder="dsc"), "Results")),
            ("MLModels", "MLModelType", "NE", "BINARY", "asc",
             names(ml.describe_ml_models(FilterVariable="MLModelType", NE="BINARY"), "Results")),
            ("Evaluations", "DataSourceId", "GE", "ds-colours", "dsc",
             names(ml.describe_evaluations(FilterVariable="DataSourceId", GE="ds-colours", SortOrder="dsc"),
                   "Results")),
            ("BatchPredictions", "CreatedAt", "GT", str(int(time.time()) + 3600), "asc", [])]:
        b.choose(f"variable-{key}", variable)
        b.choose(f"comparison-{key}", comparison)
        b.one(f"value-{key}").send_keys(value)
        b.choose(f"order-{key}", order)
        b.one(f"apply-{key}").click()
        try:
            b.wait(lambda: b.texts(f"#list-{key} a") == expected
                   and (expected or b.texts(f"p#list-{key}") == ["None."]))
        except TimeoutError:
            pass  # the check below says what was shown instead
        shown = b.texts(f"#list-{key} a")
        b.check(f"the {key} filtered by {variable} {comparison} {value!r} ({order}) as Describe* answers",
                shown == expected and len(expected) < unfiltered[key], (shown, expected))
    # A malformed value: the service's message on the page, in that list only.
    b.one("value-BatchPredictions").clear()
    b.one("value-BatchPredictions").send_keys("yesterday", Keys.ENTER)
    message = b.wait(lambda: b.texts("#results-BatchPredictions .alert"))
    b.check("a malformed filter value shows the service's message",
            "GT must be a time" in message[0] and len(b.all("#list-MLModels tbody tr")) == 2, message)


def data_source_page(b, api):
    b.open("/data-sources/ds-churn-train")
    b.wait(lambda: b.all("#insights svg"))
    statistics = api("/data-sources/ds-churn-train")["Statistics"]
    for attribute in statistics["attributes"]:
        name = attribute["name"]
        if attribute["histogram"]:
            counts = [int(c) for c in b.attributes(f"svg[id='histogram-{name}'] rect.bar", "data-count")]
            b.check(f"{name}'s histogram has its {len(attribute['histogram'])} bins",
                    counts == attribute["histogram"], counts)
        else:
            counts = [int(c) for c in b.attributes(f"svg[id='counts-{name}'] rect.bar", "data-count")]
            b.check(f"{name}'s category counts", counts == [v["count"] for v in attribute["topValues"]], counts)
    ages = [int(r["age"]) for r in sequential_part(churn_rows, 0, 70) if r["age"].strip()]
    shown = sum(int(c) for c in b.attributes("svg[id='histogram-age'] rect.bar", "data-count"))
    b.check("the age histogram counts every training record with an age", shown == len(ages), (shown, len(ages)))


def model_page(b, ml):
    b.open("/ml-models/ml-churn")
    b.wait(lambda: b.all("#create-endpoint") or b.all("#predict-form"))
    model = ml.get_ml_model(MLModelId="ml-churn", Verbose=True)
    b.check("the model's training parameters",
            len(b.all("table.parameters tbody tr")) == len(model["TrainingParameters"]),
            len(b.all("table.parameters tbody tr")))
    b.check("the model's recipe and schema tables",
            b.all("table.recipe tbody tr") and len(b.all("table.schema tbody tr")) == 8, "")
    if b.all("#create-endpoint"):  # the first browser creates it
        b.one("create-endpoint").send_keys(Keys.ENTER)
        b.wait(lambda: b.all("#predict-form"))
    record = {"age": "30", "job": "technician", "dayMinutes": "290", "serviceCalls": "7",
              "internationalPlan": "yes", "plan": "premium"}
    for name, value in record.items():
        b.one("predict-" + name).send_keys(value)
    b.driver.find_element("css selector", "#predict-form button[type=submit]").click()
    shown = b.wait(lambda: b.one("predict-result").text)
    endpoint_url = ml.get_ml_model(MLModelId="ml-churn")["EndpointInfo"]["EndpointUrl"]
    expected = ml.predict(MLModelId="ml-churn", Record=record, PredictEndpoint=endpoint_url)["Prediction"]
    b.check("Predict from the form answers as the API does",
            f"Predicted label\n{expected['predictedLabel']}" in shown, (shown, expected))


def batch_prediction_page(b, ml):
    b.open("/batch-predictions/bp-churn")
    b.wait(lambda: b.all("#output-uri"))
    batch = ml.get_batch_prediction(BatchPredictionId="bp-churn")
    records = len(sequential_part(churn_rows, 70, 100))
    b.check("a batch prediction's status and output URI",
            b.texts("#batch-status") == ["COMPLETED"] and b.texts("#output-uri") == [batch["OutputUri"]],
            (b.texts("#batch-status"), b.texts("#output-uri")))
    b.check("its record counts: every record of its data source, none invalid",
            b.texts("#total-records") == [str(records)] == [str(batch["TotalRecordCount"])]
            and b.texts("#invalid-records") == ["0"], (b.texts("#total-records"), records))
    b.check("its inputs link to the model and the data source",
            b.attributes("main dd a", "href") == ["/ml-models/ml-churn", "/data-sources/ds-churn-eval"],
            b.attributes("main dd a", "href"))


def binary_evaluation_page(b, ml, moves, screenshot=None):
    """The histograms, the ROC curve and its AUC; the slider moved by `moves` ([(keys, the step
    it then shows)]) with the five metrics at each step; the last step saved."""
    scored = churn_scored()
    b.open("/evaluations/ev-churn")
    b.wait(lambda: b.all("#threshold"))
    bin_of = lambda s: min(int(s * 20), 19)  # noqa: E731
    for label, wanted in [("positive", True), ("negative", False)]:
        counts = [int(c) for c in b.attributes(f"#score-histogram rect.bar.{label}", "data-count")]
        mine = [sum(1 for s, p in scored if p == wanted and bin_of(s) == i) for i in range(20)]
        b.check(f"the {label} score histogram's 20 bins count the records' scores", counts == mine, (counts, mine))
    points = b.attributes("#roc polyline", "points")
    b.check("the ROC curve has a point per distinct score and its ends",
            len(points) == 1 and len(points[0].split()) == len({s for s, _ in scored}) + 2, "")
    auc_shown = float(b.attributes("#auc", "data-value")[0])
    api_auc = float(ml.get_evaluation(EvaluationId="ev-churn")["PerformanceMetrics"]["Properties"]["BinaryAUC"])
    b.check("the AUC shown is the API's and the test's own",
            abs(auc_shown - api_auc) < 1e-12 and abs(auc_shown - auc_of(scored)) < 1e-9,
            (auc_shown, api_auc, auc_of(scored)))
    saved = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    b.check(f"the slider starts at the model's threshold ({saved:.2f})",
            b.texts("#threshold-value") == [f"{saved:.2f}"], b.texts("#threshold-value"))

    slider = b.one("threshold")
    keys_of = {"accuracy", "precision", "recall", "false-positive-rate", "f1"}
    for keys, step in moves:
        slider.send_keys(*keys)
        threshold = step / 100
        shown = {k: float(b.attributes(f"#metric-{k}", "data-value")[0]) for k in keys_of}
        mine = five_metrics(scored, threshold)
        b.check(f"at threshold {threshold:.2f} the five metrics are the test's own",
                b.texts("#threshold-value") == [f"{threshold:.2f}"]
                and shown.keys() == mine.keys() and all(abs(shown[k] - mine[k]) < 1e-12 for k in mine),
                (b.texts("#threshold-value"), shown, mine))
    if screenshot:
        os.makedirs(os.path.dirname(screenshot), exist_ok=True)
        b.driver.save_screenshot(screenshot)
        b.check("a screenshot of the evaluation page", os.path.getsize(screenshot) > 10000, screenshot)
    b.one("save-threshold").send_keys(Keys.ENTER)
    message = b.wait(lambda: b.texts("#save-message")[0])
    saved = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    b.check(f"the saved threshold is GetMLModel's ScoreThreshold ({moves[-1][1] / 100:.2f})",
            "Saved" in message and abs(saved - moves[-1][1] / 100) < 1e-6, (message, saved))


def browser_refusals(b, ml):
    """What another page could try, from the browser itself: nothing changes."""
    before = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    b.open("/evaluations/ev-churn")
    b.wait(lambda: b.all("#threshold"))
    refused = b.driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/console/api/ml-models/ml-churn/score-threshold', {method: 'POST',
              headers: {'Content-Type': 'application/json'}, body: '{"ScoreThreshold":"0.1"}'})
          .then((r) => done(r.status), (e) => done(String(e)));""")
    b.check("a same-origin POST without the token is refused", refused == 403, refused)
    token = b.attributes('meta[name="console-token"]', "content")[0]
    b.driver.get(attacker_page())  # another web page open in the same browser
    outcomes = b.driver.execute_async_script("""
        const [target, token, done] = arguments;
        const body = '{"ScoreThreshold":"0.1"}';
        Promise.all([
          fetch(target, {method: 'POST', mode: 'no-cors', body}).then((r) => r.type, (e) => 'error'),
          fetch(target, {method: 'POST', body, headers: {'X-Console-Token': token,
                'Content-Type': 'application/json'}}).then((r) => r.status, (e) => 'blocked'),
        ]).then(done);""", b.url + "/console/api/ml-models/ml-churn/score-threshold", token)
    after = ml.get_ml_model(MLModelId="ml-churn")["ScoreThreshold"]
    b.check("POSTs from another origin, with or without the token, change nothing", after == before,
            (outcomes, before, after))


def other_evaluation_pages(b, ml, api):
    b.open("/evaluations/ev-colours")
    b.wait(lambda: b.all("#confusion-matrix"))
    matrix = api("/evaluations/ev-colours")["Multiclass"]
    cells = [int(t) for t in b.texts("#confusion-matrix tbody td")]
    b.check("the confusion matrix is 3 x 3 and counts every record",
            len(cells) == 9 and sum(cells) == len(sequential_part(colour_rows, 70, 100))
            and cells == [c for row in matrix["Matrix"] for c in row], cells)
    b.check("the per-class F1 chart has a bar per class",
            len(b.all("#per-class-f1 rect.bar")) == len(matrix["Classes"]) == 3, len(b.all("#per-class-f1 rect.bar")))
    b.open("/evaluations/ev-line")
    b.wait(lambda: b.all("#residual-histogram"))
    counts = [int(c) for c in b.attributes("#residual-histogram rect.bar", "data-count")]
    rmse_api = float(ml.get_evaluation(EvaluationId="ev-line")["PerformanceMetrics"]["Properties"]["RegressionRMSE"])
    b.check("the residual histogram has 20 bins over every record",
            len(counts) == 20 and sum(counts) == len(sequential_part(line_rows, 70, 100)), counts)
    b.check("the RMSE shown is the API's and beats the baseline",
            b.texts("#rmse") == [f"{rmse_api:.4f}"] and float(b.texts("#baseline-rmse")[0]) > rmse_api,
            (b.texts("#rmse"), rmse_api))


def browser_checks(b, ml, moves, screenshot=None):
    """Every page in one browser; each part that ends in an exception is one failed check."""
    def api(path):
        return json.loads(http(b.url + "/console/api" + path)[2])

    t0 = time.monotonic()
    for part, run in [("the lists", lambda: lists_page(b, ml)),
                      ("a data source", lambda: data_source_page(b, api)),
                      ("a model", lambda: model_page(b, ml)),
                      ("a batch prediction", lambda: batch_prediction_page(b, ml)),
                      ("a BINARY evaluation", lambda: binary_evaluation_page(b, ml, moves, screenshot)),
                      ("the refusals", lambda: browser_refusals(b, ml)),
                      ("MULTICLASS and REGRESSION evaluations", lambda: other_evaluation_pages(b, ml, api))]:
        try:
            run()
        except Exception as e:
            b.check(f"{part}: ran to the end", False, f"{type(e).__name__}: {e}")
    if b.script_errors:
        errors = b.script_errors()
        b.check("no script errors", not errors, errors)
    print(f"# {b.name}: {time.monotonic() - t0:.1f} s", flush=True)


def attacker_page():
    """A page of another origin (a second server on loopback), without the console's CSP."""
    folder = os.path.join(tmp, "attacker")
    if not os.path.isdir(folder):
        os.makedirs(folder)
        with open(os.path.join(folder, "index.html"), "w") as f:
            f.write('<!doctype html><link rel="icon" href="data:,"><title>another site</title><p>another site</p>')
        handler = lambda *a: SimpleHTTPRequestHandler(*a, directory=folder)  # noqa: E731
        SimpleHTTPRequestHandler.log_message = lambda *a: None
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        harness.at_cleanup(server.shutdown)
        attacker_page.url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    return attacker_page.url


def launch(name, start):
    """start()'s (driver, why missing); a browser installed that does not start is a failed check."""
    try:
        return start()
    except Exception as e:
        check(f"{name}: starts", False, f"{type(e).__name__}: {e}")
        return None, None


def chromium_errors(driver):
    return lambda: [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"
                    and "console/api" not in e.get("message", "")]


def main():
    emulator = harness.emulator("--port", "0", "--s3-root", s3_root, "--processing-time", "0")
    ml = harness.client(emulator.url)
    create_entities(ml)
    http_checks(emulator, ml)
    if harness.failures:
        print(f"{len(harness.failures)} failed before the browsers: {harness.failures}")
        return 1
    missing = []
    # Chromium first: it saves 0.63 and makes the screenshot; Firefox then starts from 0.63.
    chromium, why = launch("chromium", start_chromium)
    if chromium:
        browser_checks(Browser("chromium", chromium, emulator.url, chromium_errors(chromium)), ml,
                       [([Keys.ARROW_LEFT] * 20, 30), ([Keys.ARROW_RIGHT] * 45, 75), ([Keys.HOME], 0),
                        ([Keys.END] + [Keys.ARROW_LEFT] * 37, 63)],
                       os.path.join(output_dir, "console-evaluation.png"))
        chromium.quit()
    elif why:
        missing.append(why)
    firefox, why = launch("firefox", start_firefox)
    if firefox:
        browser_checks(Browser("firefox", firefox, emulator.url), ml,
                       [([Keys.END], 100), ([Keys.ARROW_LEFT] * 59, 41)])
        firefox.quit()
    elif why:
        missing.append(why)
    for why in missing:
        if REQUIRED:
            check("every browser is installed (AWSML_REQUIRE_VECTORS=1)", False, why)
        else:
            print("# SKIPPED:", why)
    print(f"# {time.monotonic() - started:.1f} s")
    if harness.failures:
        print(f"{len(harness.failures)} failed: {harness.failures}")
        return 1
    if len(missing) == 2:
        skip("; ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
