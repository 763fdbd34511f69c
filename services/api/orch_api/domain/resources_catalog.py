"""What every org has without registering it: the built-in resource types and drivers.

They live in code, not in events: every org sees the same catalogue, and it cannot be changed
through the API (the endpoints answer 403). Output schemas follow Humanitec's shape
``{properties: {values: {...}, secrets: {...}}}``.
"""

from __future__ import annotations

from typing import Any

from shared.contracts import resources as rc

BUILTIN_ORG = "humanitec"
"""The org that owns the built-in drivers: a definition names one as ``humanitec/<id>``."""


def _outputs(values: dict[str, str], secrets: dict[str, str] | None = None, required: tuple[str, ...] = ()) -> Any:  # noqa: ANN401
    """An outputs schema: ``values`` and ``secrets`` with the named properties and JSON types."""

    def obj(props: dict[str, str], req: tuple[str, ...]) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "object", "properties": {k: {"type": t} for k, t in props.items()}}
        if req:
            schema["required"] = list(req)
        return schema

    schema: dict[str, Any] = {"type": "object", "properties": {"values": obj(values, required)}}
    if secrets:
        schema["properties"]["secrets"] = obj(secrets, ())
    return schema


_DB = {"host": "string", "port": "integer", "name": "string"}
_DB_SECRETS = {"username": "string", "password": "string"}
_S = "string"

_TYPES: tuple[tuple[str, str, str, str, Any], ...] = (
    # (type, name, category, use, outputs schema)
    ("workload", "Workload", "workload", "implicit", _outputs({"update": "array"})),
    ("base-env", "Base environment", "kubernetes", "implicit", _outputs({})),
    ("k8s-cluster", "Kubernetes cluster", "kubernetes", "implicit", _outputs({"name": _S, "loadbalancer": _S})),
    ("k8s-namespace", "Kubernetes namespace", "kubernetes", "implicit",
     _outputs({"namespace": _S}, None, ("namespace",))),
    ("k8s-service-account", "Kubernetes service account", "kubernetes", "indirect", _outputs({"name": _S})),
    ("k8s-logging", "Kubernetes logging", "kubernetes", "implicit", _outputs({})),
    ("logging", "Logging", "kubernetes", "implicit", _outputs({})),
    ("horizontal-pod-autoscaler", "Horizontal pod autoscaler", "kubernetes", "direct", _outputs({})),
    ("ingress", "Ingress", "networking", "implicit", _outputs({"id": _S})),
    ("dns", "DNS", "networking", "direct", _outputs({"host": _S}, None, ("host",))),
    ("route", "Route", "networking", "direct", _outputs({"host": _S, "path": _S, "port": "integer", "service": _S})),
    ("tls-cert", "TLS certificate", "networking", "indirect", _outputs({"tls_secret_name": _S})),
    ("config", "Configuration", "config", "direct", _outputs({}, {})),
    ("environment", "Environment variables", "config", "direct", _outputs({})),
    ("postgres", "PostgreSQL", "datastore", "direct", _outputs(_DB, _DB_SECRETS, ("host", "port", "name"))),
    ("postgres-instance", "PostgreSQL instance", "datastore", "indirect", _outputs(_DB, _DB_SECRETS)),
    ("mysql", "MySQL", "datastore", "direct", _outputs(_DB, _DB_SECRETS, ("host", "port", "name"))),
    ("mysql-instance", "MySQL instance", "datastore", "indirect", _outputs(_DB, _DB_SECRETS)),
    ("mariadb", "MariaDB", "datastore", "direct", _outputs(_DB, _DB_SECRETS, ("host", "port", "name"))),
    ("mssql", "Microsoft SQL Server", "datastore", "direct", _outputs(_DB, _DB_SECRETS, ("host", "port", "name"))),
    ("mongodb", "MongoDB", "datastore", "direct", _outputs(_DB, {**_DB_SECRETS, "connection": _S})),
    ("redis", "Redis", "datastore", "direct", _outputs({"host": _S, "port": "integer"}, _DB_SECRETS, ("host",))),
    ("elasticsearch", "Elasticsearch", "datastore", "direct", _outputs({"host": _S, "port": "integer"}, _DB_SECRETS)),
    ("amqp", "AMQP broker", "messaging", "direct", _outputs({"host": _S, "port": "integer", "vhost": _S}, _DB_SECRETS)),
    ("sqs", "Amazon SQS queue", "messaging", "direct", _outputs({"region": _S, "url": _S, "arn": _S})),
    ("s3", "Amazon S3 bucket", "storage", "direct",
     _outputs({"bucket": _S, "region": _S}, {"aws_access_key_id": _S, "aws_secret_access_key": _S}, ("bucket",))),
    ("gcs", "Google Cloud Storage bucket", "storage", "direct", _outputs({"name": _S})),
    ("azure-blob", "Azure Blob Storage", "storage", "direct", _outputs({"account": _S, "container": _S})),
    ("volume", "Volume", "storage", "direct", _outputs({"source": "object"})),
    ("aws-policy", "AWS IAM policy", "security", "indirect", _outputs({"arn": _S})),
    ("aws-role", "AWS IAM role", "security", "indirect", _outputs({"arn": _S})),
    ("gcp-service-account", "GCP service account", "security", "indirect", _outputs({"email": _S})),
    ("agent", "Humanitec agent", "networking", "implicit", _outputs({"id": _S, "url": _S})),
)  # fmt: skip

BUILTIN_TYPES: dict[str, rc.ResourceTypeSpec] = {
    t: rc.ResourceTypeSpec(type=t, name=n, category=cat, use=use, inputs_schema={"type": "object"}, outputs_schema=o)
    for t, n, cat, use, o in _TYPES
}

_ECHO_INPUTS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "values": {"type": "object", "description": "Become the resource's output values."},
        "secrets": {"type": "object", "description": "Become the resource's output secrets."},
    },
}

BUILTIN_DRIVERS: dict[str, rc.DriverSpec] = {
    "echo": rc.DriverSpec(
        id="echo", type="any", target="", inputs_schema=_ECHO_INPUTS, account_types=(), is_public=True
    ),
}
"""Built-in drivers by id; their targets are the driver gateway's business (``ORCH_DRIVER_TARGETS``)."""


def is_builtin_type(type_id: str) -> bool:
    return type_id in BUILTIN_TYPES
