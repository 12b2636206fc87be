"""Prints, as JSON, the syntax examples the AWS CLI's help gives each option of machinelearning,
made by its own generators (awscli/argprocess.py's ParamShorthandDocGen, awscli/clidocs.py's
_json_example) over botocore's model: {"command": {"--option": {"Shorthand Syntax": text,
"JSON Syntax": text, "Syntax": text}}}, each heading present where the AWS CLI prints it.
Run with the Python that has awscli (tests/test_cli_shorthand.py runs it as a program, so that
importing awscli changes nothing in the test's own process)."""
import json
import re
import types

import botocore.session
from awscli.argprocess import ParamShorthandDocGen
from awscli.bcdoc.restdoc import ReSTDocument
from awscli.clidocs import OperationDocumentEventHandler


def xform(name):
    s = re.sub("(.)([A-Z][a-z]+)", r"\1-\2", name)
    return re.sub("([a-z0-9])([A-Z])", r"\1-\2", s).lower()


model = botocore.session.get_session().get_service_model("machinelearning")
handler = OperationDocumentEventHandler.__new__(OperationDocumentEventHandler)
examples = {}
for op_name in model.operation_names:
    op = model.operation_model(op_name)
    for name, shape in op.input_shape.members.items():
        argument = types.SimpleNamespace(argument_model=shape, cli_name="--" + xform(name), name=xform(name))
        found = {}
        docgen = ParamShorthandDocGen()
        if docgen.supports_shorthand(shape):
            text = docgen.generate_shorthand_example(argument, "machinelearning", op_name)
            if text:
                found["Shorthand Syntax"] = text
        if shape.type_name == "list" and shape.member.type_name not in ("structure", "list", "map"):
            kind = handler._json_example_value_name(shape.member, include_enum_values=False)
            found["Syntax"] = f"{kind} {kind} ..."
        elif shape.type_name in ("structure", "list", "map"):
            doc = ReSTDocument()
            handler._json_example(doc, shape, stack=[])
            found["JSON Syntax"] = doc.getvalue().decode()
        if found:
            examples.setdefault(xform(op_name), {})["--" + xform(name)] = found
print(json.dumps(examples))
