import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/**
 * A validator for a CRD's openAPIV3Schema, as shipped in test/kserve/fixtures (copied from KServe;
 * the first lines of each file say from where). Kubernetes' structural-schema extensions
 * (`x-kubernetes-*`) are annotations to ajv: unknown keywords are allowed, everything else holds
 * but the formats (int32, int64, date-time: number sizes and times the manifests never carry).
 */
export function crdValidator(
  file: 'kserve-inferenceservice-crd.yaml' | 'kserve-clusterstoragecontainer-crd.yaml',
): (object: unknown) => string[] {
  const document = parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as Record<string, unknown>;
  const schema = (document['openAPIV3Schema'] ?? findSchema(document)) as object;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const validate: ValidateFunction = ajv.compile(schema);
  return (object) =>
    validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

function findSchema(crd: Record<string, unknown>): unknown {
  const spec = crd['spec'] as { versions: { schema: { openAPIV3Schema: unknown } }[] };
  return spec.versions[0]?.schema.openAPIV3Schema;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * What the API server checks of metadata and the CRD schema leaves to it (`metadata: {type:
 * object}`): names, label keys and values, annotation keys.
 */
export function metadataErrors(object: { metadata?: Record<string, unknown> }): string[] {
  const errors: string[] = [];
  const metadata = object.metadata ?? {};
  for (const field of ['name', 'namespace']) {
    const value = metadata[field];
    if (
      value !== undefined &&
      (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value) || value.length > 253)
    ) {
      errors.push(`metadata.${field} '${String(value)}' is not a DNS subdomain`);
    }
  }
  const key = (k: string) => {
    const [prefix, name] = k.includes('/') ? k.split('/', 2) : [undefined, k];
    return (prefix === undefined || DNS_SUBDOMAIN.test(prefix)) && LABEL_NAME.test(name ?? '');
  };
  for (const [k, v] of Object.entries((metadata['labels'] ?? {}) as Record<string, string>)) {
    if (!key(k) || !LABEL_VALUE.test(v)) errors.push(`label ${k}=${v} is not a valid label`);
  }
  for (const k of Object.keys((metadata['annotations'] ?? {}) as Record<string, string>)) {
    if (!key(k)) errors.push(`annotation key ${k} is not valid`);
  }
  return errors;
}
