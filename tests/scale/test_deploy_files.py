"""Static checks of deploy/: nothing there is built or started by CI, so these catch the mistakes
that would only show at deployment time (a typo in a service name, an undocumented or literal
secret, an nginx config that does not load, a Helm key the chart would ignore)."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.scale.services import require

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
YAML_FILES = ["docker-compose.yml", "endpoints.yml", "helm/values.yml", "kubernetes/purge-cronjob.yml"]
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}")
ONLY_VARIABLES = re.compile(r"(?:\$\{[A-Za-z_][A-Za-z0-9_]*(?:[:?-][^}]*)?\})+")
SECRET_KEY = re.compile(r"pass(word)?|secret|token|auth", re.I)
URL_PASSWORD = re.compile(r"://[^:/@\s]+:([^@/]+)@")


def load(name: str):
    return yaml.safe_load((DEPLOY / name).read_text())


def literal_secrets(node, path: str = ""):
    """Paths of values that hold a secret but are not made only of ${VAR}s."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            named = str(key).startswith("existingSecret")  # the name of a Kubernetes secret, not a secret
            if (
                isinstance(value, (str, int))
                and SECRET_KEY.search(str(key))
                and not named
                and str(value)
                and not ONLY_VARIABLES.fullmatch(str(value))
            ):
                yield here
            yield from literal_secrets(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from literal_secrets(value, f"{path}[{i}]")
    elif isinstance(node, str):
        match = URL_PASSWORD.search(node)
        if match and not ONLY_VARIABLES.fullmatch(match.group(1)):
            yield path


@pytest.mark.parametrize("name", YAML_FILES)
def test_yaml_parses(name):
    assert isinstance(load(name), dict)


def test_compose_dependencies_name_existing_services():
    services = load("docker-compose.yml")["services"]
    assert {"rasa-1", "rasa-2", "action-server", "postgres", "redis", "nginx"} <= set(services)
    for name, service in services.items():
        for dependency in service.get("depends_on", []):  # a list or a mapping: both iterate names
            assert dependency in services, f"{name} depends on unknown service {dependency}"


def test_compose_builds_the_project_image_for_rasa_and_actions():
    services = load("docker-compose.yml")["services"]
    for name in ("rasa-1", "rasa-2", "action-server"):
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile", name
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.10-slim" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile


def test_every_variable_is_documented():
    readme = (DEPLOY / "README.md").read_text()
    files = [path for path in DEPLOY.rglob("*") if path.is_file() and path.name != "README.md"]
    used = {var for path in files for var in VARIABLE.findall(path.read_text())}
    assert used, "the files read their secrets from variables"
    assert sorted(var for var in used if f"`{var}`" not in readme) == []


@pytest.mark.parametrize("name", YAML_FILES)
def test_no_literal_secrets(name):
    assert list(literal_secrets(load(name))) == []


def test_literal_secret_check_catches_literals():
    """The check above is only worth something if it fails on what it is meant to catch."""
    assert list(
        literal_secrets(
            {"env": {"REDIS_PASSWORD": "hunter2", "OK_PASSWORD": "${X}"}, "url": "postgresql://rasa:hunter2@db/rasa"}
        )
    ) == [".env.REDIS_PASSWORD", ".url"]


def test_nginx_balances_over_both_rasa_services_and_retries():
    conf = (DEPLOY / "nginx.conf").read_text()
    upstream = re.search(r"upstream rasa \{(.*?)\}", conf, re.S).group(1)
    assert re.findall(r"server (rasa-\d):5005", upstream) == ["rasa-1", "rasa-2"]
    assert "proxy_pass http://rasa;" in conf
    assert "proxy_next_upstream error timeout http_502 non_idempotent;" in conf


def test_nginx_accepts_the_config(tmp_path):
    """`nginx -t` on a copy whose service names (resolvable only inside compose) are 127.0.0.1."""
    nginx = require("nginx")["nginx"]
    conf = (DEPLOY / "nginx.conf").read_text()
    for host in ("rasa-1", "rasa-2", "action-server"):
        conf = conf.replace(f"server {host}:", "server 127.0.0.1:")
    (tmp_path / "nginx.conf").write_text(conf)
    result = subprocess.run(
        [
            nginx,
            "-t",
            "-p",
            str(tmp_path),
            "-e",
            str(tmp_path / "error.log"),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-g",
            f"pid {tmp_path}/nginx.pid;",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_helm_values_have_the_keys_relied_on():
    values = load("helm/values.yml")
    settings = values["applicationSettings"]
    assert values["replicaCount"] >= 2
    assert values["image"]["repository"] and values["image"]["tag"]
    assert settings["endpoints"]["trackerStore"]["type"] == "storage.tracker_store.PrivateSQLTrackerStore"
    assert settings["endpoints"]["lockStore"]["enabled"] and settings["endpoints"]["lockStore"]["type"] == "redis"
    assert "channels.resilient_rest.ResilientRestInput" in settings["credentials"]["additionalChannelCredentials"]
    assert settings["enableAPI"] is False
    assert {"name": "TICKET_LOCK_LIFETIME", "value": "10"} in values["extraEnv"]
    assert values["postgresql"]["install"] and values["redis"]["install"]
    assert values["rasa-action-server"]["install"] and values["rasa-action-server"]["image"]["repository"]
    assert "non_idempotent" in values["ingress"]["annotations"]["nginx.ingress.kubernetes.io/proxy-next-upstream"]


def test_the_image_leaves_out_sqlite_files_and_their_companions():
    """conversations.db-wal and -shm hold recent conversation text (a name was found in one)."""
    from fnmatch import fnmatch

    patterns = [
        line.strip()
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for name in ("conversations.db", "conversations.db-wal", "conversations.db-shm", "conversations.db-journal"):
        assert any(fnmatch(name, pattern) for pattern in patterns), name


def test_the_purge_runs_daily_in_compose_and_kubernetes():
    purge = load("docker-compose.yml")["services"]["purge"]
    assert "tools.purge" in " ".join(purge["command"]) and "sleep 86400" in " ".join(purge["command"])
    assert "DATABASE_URL" in purge["environment"]
    job = load("kubernetes/purge-cronjob.yml")
    assert job["kind"] == "CronJob" and len(job["spec"]["schedule"].split()) == 5
    container = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["command"][:3] == ["python", "-m", "tools.purge"]
    assert {e["name"] for e in container["env"]} >= {"DATABASE_URL", "RETENTION_DAYS"}


def test_the_rasa_containers_let_the_widget_in_and_no_other_site():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    cmd = yaml.safe_load(dockerfile.split("\nCMD ", 1)[1].splitlines()[0])
    command = load("docker-compose.yml")["services"]["rasa-1"]["command"]
    for args in (cmd, command):
        cors = args[args.index("--cors") + 1]
        assert cors and cors != "*"


def test_nginx_limits_request_size_and_rate():
    conf = (DEPLOY / "nginx.conf").read_text()
    assert re.search(r"client_max_body_size \d+[km];", conf)
    assert re.search(r"limit_req_zone \$binary_remote_addr zone=(\w+):\d+m rate=\d+r/s;", conf)
    assert re.search(r"location / \{\s*limit_req zone=per_client", conf)


def test_helm_values_take_passwords_from_an_existing_secret_not_placeholders():
    """Helm does not expand ${...}: a placeholder there would become the password if a --set were
    forgotten. Only the endpoints' ${DB_*}/${REDIS_*} (environment variables Rasa expands) remain."""
    values = load("helm/values.yml")
    assert (
        values["global"]["postgresql"]["existingSecret"]
        == values["redis"]["auth"]["existingSecret"]
        == "assistant-secrets"
    )
    outside_endpoints = dict(
        values, applicationSettings={k: v for k, v in values["applicationSettings"].items() if k != "endpoints"}
    )
    assert "${" not in yaml.safe_dump(outside_endpoints)
