import { InputError } from '../errors.js';

/**
 * KServe's built-in ClusterServingRuntimes (v0.20, `config/runtimes/`): the model formats each
 * serves, with the exact version strings it declares, and the protocols it speaks. KServe matches a
 * model's `modelFormat` against these by exact, case-sensitive string, so a format version is only
 * worth sending when some runtime declares it.
 */
export type ProtocolVersion = 'v1' | 'v2' | 'grpc-v1' | 'grpc-v2';

export interface BuiltInRuntime {
  readonly name: string;
  /** Format name → the versions it declares, and whether auto-selection may pick it for that format. */
  readonly formats: Readonly<
    Record<string, { readonly versions: readonly string[]; readonly auto: boolean }>
  >;
  /** Empty: any protocol. */
  readonly protocols: readonly ProtocolVersion[];
}

const auto = (...versions: string[]) => ({ versions, auto: true });

export const BUILT_IN_RUNTIMES: readonly BuiltInRuntime[] = [
  { name: 'kserve-sklearnserver', formats: { sklearn: auto('1') }, protocols: ['v1', 'v2'] },
  { name: 'kserve-xgbserver', formats: { xgboost: auto('2') }, protocols: ['v1', 'v2'] },
  { name: 'kserve-lgbserver', formats: { lightgbm: auto('4') }, protocols: ['v1', 'v2'] },
  {
    name: 'kserve-mlserver',
    formats: {
      sklearn: auto('0', '1'),
      xgboost: auto('1', '2'),
      lightgbm: auto('3', '4'),
      mlflow: auto('1', '2'),
    },
    protocols: ['v2'],
  },
  {
    name: 'kserve-tensorflow-serving',
    formats: { tensorflow: auto('1', '2') },
    protocols: ['v1', 'grpc-v1'],
  },
  { name: 'kserve-torchserve', formats: { pytorch: auto('1') }, protocols: ['v1', 'v2', 'grpc-v2'] },
  {
    name: 'kserve-tritonserver',
    formats: {
      tensorrt: auto('8'),
      tensorflow: auto('1', '2'),
      onnx: auto('1'),
      triton: auto('2'),
      // TorchScript on Triton only when named: not auto-selected.
      pytorch: { versions: ['1'], auto: false },
    },
    protocols: ['v2', 'grpc-v2'],
  },
  { name: 'kserve-huggingfaceserver', formats: { huggingface: auto('1') }, protocols: ['v2', 'v1'] },
  { name: 'kserve-pmmlserver', formats: { pmml: auto('3', '4') }, protocols: ['v1', 'v2'] },
  { name: 'kserve-paddleserver', formats: { paddle: auto('2') }, protocols: ['v1', 'v2'] },
  {
    name: 'kserve-predictiveserver',
    formats: {
      sklearn: { versions: ['1'], auto: false },
      xgboost: { versions: ['2'], auto: false },
      lightgbm: { versions: ['4'], auto: false },
    },
    protocols: ['v1', 'v2'],
  },
  { name: 'kserve-autogluonserver', formats: { autogluon: auto('1') }, protocols: ['v1', 'v2'] },
  { name: 'kserve-vllmserver', formats: { vLLM: auto('1') }, protocols: [] },
];

/** Every format some built-in runtime serves. */
export const BUILT_IN_FORMATS: readonly string[] = [
  ...new Set(BUILT_IN_RUNTIMES.flatMap((r) => Object.keys(r.formats))),
];

/** Spellings registries and training code use for KServe's format names. */
const FORMAT_ALIASES: Readonly<Record<string, string>> = {
  'scikit-learn': 'sklearn',
  sklearn: 'sklearn',
  xgboost: 'xgboost',
  lightgbm: 'lightgbm',
  lgbm: 'lightgbm',
  tensorflow: 'tensorflow',
  tf: 'tensorflow',
  pytorch: 'pytorch',
  torch: 'pytorch',
  onnx: 'onnx',
  tensorrt: 'tensorrt',
  triton: 'triton',
  mlflow: 'mlflow',
  huggingface: 'huggingface',
  transformers: 'huggingface',
  pmml: 'pmml',
  paddle: 'paddle',
  autogluon: 'autogluon',
  vllm: 'vLLM',
};

/** What the predictor says about its model: `model.modelFormat`, and a protocol where one is needed. */
export interface ModelFormatChoice {
  readonly modelFormat: { readonly name: string; readonly version?: string };
  readonly protocolVersion?: ProtocolVersion;
  /** The built-in runtime KServe will pick (or the one named), for messages and drift reports. */
  readonly expectedRuntime?: string;
}

/**
 * The `modelFormat` (and `protocolVersion`) for a registered format, so that the named runtime, or
 * KServe's auto-selection, serves it. A format no built-in runtime serves needs a named runtime
 * (a ServingRuntime of the user's own); its name is then passed on as given.
 */
export function chooseModelFormat(
  formatName: string | undefined,
  formatVersion: string | undefined,
  runtime?: string,
): ModelFormatChoice {
  if (formatName === undefined || formatName.trim() === '') {
    throw new InputError(
      'MODEL_FORMAT_REQUIRED',
      'the model version records no model format (modelFormatName on its model artifact); KServe selects a runtime by it',
    );
  }
  const name = FORMAT_ALIASES[formatName.trim().toLowerCase()] ?? formatName.trim();
  const named = runtime === undefined ? undefined : BUILT_IN_RUNTIMES.find((r) => r.name === runtime);
  if (runtime !== undefined && named === undefined) {
    // A runtime of the user's own: KServe checks its formats itself.
    return versioned(name, formatVersion, [], runtime);
  }
  if (named !== undefined) {
    const entry = named.formats[name];
    if (entry === undefined) {
      throw new InputError(
        'UNSUPPORTED_MODEL_FORMAT',
        `runtime ${named.name} does not serve format '${name}'; it serves ${Object.keys(named.formats).join(', ')}`,
      );
    }
    const protocol = named.protocols.includes('v1') || named.protocols.length === 0 ? undefined : 'v2';
    return { ...versioned(name, formatVersion, entry.versions, named.name), ...withProtocol(protocol) };
  }
  // Auto-selection: protocol v1 unless no auto-selectable runtime speaks v1 for this format.
  const candidates = BUILT_IN_RUNTIMES.filter((r) => r.formats[name]?.auto === true);
  if (candidates.length === 0) {
    throw new InputError(
      'UNSUPPORTED_MODEL_FORMAT',
      `no KServe built-in runtime serves format '${name}' (built-in formats: ${BUILT_IN_FORMATS.join(', ')}); name a runtime of your own`,
    );
  }
  const v1 = candidates.filter((r) => r.protocols.includes('v1'));
  const speaking = v1.length > 0 ? v1 : candidates;
  const versions = speaking.flatMap((r) => r.formats[name]?.versions ?? []);
  const choice = versioned(name, formatVersion, versions, undefined);
  const withVersion = speaking.filter(
    (r) =>
      choice.modelFormat.version === undefined ||
      r.formats[name]?.versions.includes(choice.modelFormat.version),
  );
  const protocol = v1.length > 0 || speaking.every((r) => r.protocols.length === 0) ? undefined : 'v2';
  return {
    ...choice,
    ...withProtocol(protocol),
    ...(withVersion[0] === undefined ? {} : { expectedRuntime: withVersion[0].name }),
  };
}

/** The format version goes in only where a runtime declares exactly it (or the runtime is the user's). */
function versioned(
  name: string,
  version: string | undefined,
  declared: readonly string[],
  runtime: string | undefined,
): ModelFormatChoice {
  const given = version?.trim();
  const keep =
    given !== undefined &&
    given !== '' &&
    (declared.length === 0 ? runtime !== undefined : declared.includes(given));
  return {
    modelFormat: keep ? { name, version: given } : { name },
    ...(runtime === undefined ? {} : { expectedRuntime: runtime }),
  };
}

const withProtocol = (protocol: ProtocolVersion | undefined) =>
  protocol === undefined ? {} : { protocolVersion: protocol };
