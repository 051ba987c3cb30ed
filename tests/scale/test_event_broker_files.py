"""Static checks of the optional event broker (deploy/event_broker/): nothing there runs in CI."""

from pathlib import Path

import yaml

from tests.scale.test_deploy_files import VARIABLE, literal_secrets

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
BROKER = DEPLOY / "event_broker"


def load(path: Path):
    return yaml.safe_load(path.read_text())


def test_broker_endpoints_are_the_deploy_endpoints_plus_the_broker():
    base, broker = load(DEPLOY / "endpoints.yml"), load(BROKER / "endpoints.yml")
    assert {k: v for k, v in broker.items() if k != "event_broker"} == base
    config = broker["event_broker"]
    assert config["type"] == "pika" and config["queues"] == ["rasa_events"]
    assert config["password"] == "${RABBITMQ_PASSWORD}" and not list(literal_secrets(broker))


def test_rasa_reads_the_broker_config_and_builds_its_rabbitmq_broker(monkeypatch):
    from rasa.core.brokers.pika import PikaEventBroker
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.setenv("RABBITMQ_PASSWORD", "from-the-environment")
    monkeypatch.setenv("REDIS_PASSWORD", "also-from-the-environment")  # the lock store in the same file
    config = read_endpoint_config(str(BROKER / "endpoints.yml"), "event_broker")
    assert config.type == "pika" and config.kwargs["password"] == "from-the-environment"
    broker = PikaEventBroker(config.url, **config.kwargs)  # what Rasa builds before it connects
    assert broker.host == "rabbitmq" and broker.queues == ["rasa_events"] and broker.password == "from-the-environment"


def test_the_compose_override_runs_both_rasa_servers_with_the_broker():
    base, override = load(DEPLOY / "docker-compose.yml"), load(BROKER / "docker-compose.yml")
    services = override["services"]
    assert {"rasa-1", "rasa-2", "rabbitmq"} <= set(services) and {"rasa-1", "rasa-2"} <= set(base["services"])
    for name in ("rasa-1", "rasa-2"):
        command = services[name]["command"]
        endpoints = command[command.index("--endpoints") + 1]
        assert endpoints == "deploy/event_broker/endpoints.yml" and (DEPLOY.parent / endpoints).exists()
        assert "rabbitmq" in services[name]["depends_on"]
    assert not list(literal_secrets(override))
    documented = (BROKER / "README.md").read_text() + (DEPLOY / "README.md").read_text()
    for name in VARIABLE.findall((BROKER / "docker-compose.yml").read_text() + (BROKER / "endpoints.yml").read_text()):
        assert f"`{name}`" in documented, f"{name} is not documented"
