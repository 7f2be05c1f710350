#!/usr/bin/env node
/*
 * ort_run.js - run an ONNX model with ONNX Runtime (CPU) on .npy inputs.
 *
 * The float oracle for quantc's end-to-end tests and the speed peer for its
 * benchmarks. Mirrors quantc-run's command line:
 *
 *   node scripts/ort_run.js model.onnx --input NAME=x.npy --output-dir out/
 *   node scripts/ort_run.js model.onnx --bench 50 --warmup 10 --threads 2 \
 *       [--input NAME=x.npy]
 *
 * Options
 *   --input NAME=FILE  input tensor by ONNX input name (repeatable); FILE
 *                      alone when the model has one input. An input whose
 *                      leading dimension is N times the model's runs N
 *                      inferences on consecutive slices and stacks the
 *                      outputs along dimension 0.
 *   --output-dir DIR   write each output as DIR/<name>.npy (characters other
 *                      than [A-Za-z0-9_.-] in the name become '_').
 *   --threads T        intra-op threads (default 1; 0 = ONNX Runtime's
 *                      default, all physical cores). Inter-op threads are 1
 *                      and execution is sequential.
 *   --bench N          time N session.run calls after warm-up on the first
 *                      inference's inputs (random data for inputs not
 *                      given) and print one JSON line:
 *                      {"model","threads","runs","median_ms","p10_ms",
 *                       "p90_ms","min_ms","mean_ms"}
 *   --warmup W         warm-up runs before --bench (default 10)
 *   --info             print the model's inputs and outputs
 *   --graph-opt LEVEL  graph optimization level: disabled, basic, extended
 *                      or all (default). 'disabled' runs a QDQ model as
 *                      written (float ops between Dequantize/QuantizeLinear),
 *                      the others fuse it into integer kernels.
 *
 * Sessions use the CPU execution provider with graphOptimizationLevel 'all'
 * unless --graph-opt says otherwise.
 * The .npy reader/writer below handles format versions 1-3, little-endian
 * (or byte-order-free) dtypes f4 f8 u1 i1 u2 i2 u4 i4 u8 i8 b1, C order.
 * Errors print one line to stderr and exit with status 1 (2 for usage errors).
 *
 * Needs `npm ci` at the repository root (onnxruntime-node).
 */
'use strict';

const fs = require('fs');
const path = require('path');

const PROG = 'ort_run';

class UsageError extends Error {}

function fail(message, status = 1) {
  process.stderr.write(`${PROG}: error: ${String(message).split('\n')[0]}\n`);
  process.exit(status);
}

// ---------------------------------------------------------------------------
// .npy
// ---------------------------------------------------------------------------

// numpy descr (without byte-order char) -> ORT type, typed array, bytes.
const NPY_TYPES = {
  f4: { ort: 'float32', array: Float32Array, size: 4 },
  f8: { ort: 'float64', array: Float64Array, size: 8 },
  u1: { ort: 'uint8', array: Uint8Array, size: 1 },
  i1: { ort: 'int8', array: Int8Array, size: 1 },
  u2: { ort: 'uint16', array: Uint16Array, size: 2 },
  i2: { ort: 'int16', array: Int16Array, size: 2 },
  u4: { ort: 'uint32', array: Uint32Array, size: 4 },
  i4: { ort: 'int32', array: Int32Array, size: 4 },
  u8: { ort: 'uint64', array: BigUint64Array, size: 8 },
  i8: { ort: 'int64', array: BigInt64Array, size: 8 },
  b1: { ort: 'bool', array: Uint8Array, size: 1 },
};
const ORT_TO_NPY = {};
for (const [code, t] of Object.entries(NPY_TYPES)) ORT_TO_NPY[t.ort] = code;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
  fail('this host is big-endian; the .npy reader assumes little-endian');

const NPY_MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

function product(dims) {
  return dims.reduce((a, b) => a * b, 1);
}

// Parses the Python-literal header dict of a .npy file.
function parseNpyHeader(text, file) {
  const field = (key) => {
    const m = new RegExp(`['"]${key}['"]\\s*:\\s*`).exec(text);
    if (!m) throw new Error(`${file}: .npy header has no '${key}'`);
    return text.slice(m.index + m[0].length);
  };
  const descrM = /^['"]([^'"]*)['"]/.exec(field('descr'));
  if (!descrM)
    throw new Error(`${file}: unsupported .npy dtype (structured arrays are not supported)`);
  const fortranM = /^(True|False)/.exec(field('fortran_order'));
  if (!fortranM) throw new Error(`${file}: cannot parse fortran_order in the .npy header`);
  const shapeM = /^\(([^)]*)\)/.exec(field('shape'));
  if (!shapeM) throw new Error(`${file}: cannot parse shape in the .npy header`);
  const shape = shapeM[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length)
    .map((s) => {
      if (!/^\d+L?$/.test(s)) throw new Error(`${file}: bad dimension '${s}' in the .npy header`);
      return parseInt(s, 10);
    });
  return { descr: descrM[1], fortran: fortranM[1] === 'True', shape };
}

// Returns {type (ORT element type), dims, data (typed array, own buffer)}.
function readNpy(file) {
  let buf;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`cannot read '${file}': ${e.code || e.message}`);
  }
  if (buf.length < 10 || !buf.subarray(0, 6).equals(NPY_MAGIC))
    throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  let headerLen;
  let offset;
  if (major === 1) {
    headerLen = buf.readUInt16LE(8);
    offset = 10;
  } else if (major === 2 || major === 3) {
    if (buf.length < 12) throw new Error(`${file}: truncated .npy header`);
    headerLen = buf.readUInt32LE(8);
    offset = 12;
  } else {
    throw new Error(`${file}: unsupported .npy format version ${major}.${buf[7]}`);
  }
  if (offset + headerLen > buf.length) throw new Error(`${file}: truncated .npy header`);
  const header = parseNpyHeader(buf.toString(major === 3 ? 'utf8' : 'latin1', offset, offset + headerLen), file);
  offset += headerLen;

  const d = header.descr;
  const order = d[0];
  const code = d.slice(1);
  const t = NPY_TYPES[code];
  if (!t || !'<>|='.includes(order))
    throw new Error(`${file}: unsupported .npy dtype '${d}' (supported: f4 f8 u1 i1 u2 i2 u4 i4 u8 i8 b1)`);
  if (order === '>' && t.size > 1)
    throw new Error(`${file}: big-endian .npy data ('${d}') is not supported`);
  if (header.fortran && header.shape.filter((n) => n > 1).length > 1)
    throw new Error(`${file}: Fortran-order .npy data is not supported (save it C-contiguous)`);

  const count = product(header.shape);
  const bytes = count * t.size;
  if (buf.length - offset < bytes)
    throw new Error(`${file}: .npy data is truncated (${buf.length - offset} of ${bytes} bytes)`);
  // Copy into a fresh, aligned buffer.
  const data = new t.array(count);
  Buffer.from(data.buffer).set(buf.subarray(offset, offset + bytes));
  return { type: t.ort, dims: header.shape, data };
}

// Writes a typed array as a version-1 .npy (version 2 if the header is huge).
function writeNpy(file, type, dims, data) {
  const code = ORT_TO_NPY[type];
  if (!code) throw new Error(`cannot write output of type '${type}' to .npy`);
  const t = NPY_TYPES[code];
  const descr = (t.size === 1 ? '|' : '<') + code;
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  let major = 1;
  let pre = 10;
  let total = pre + header.length + 1;
  if (Math.ceil(total / 64) * 64 - pre > 0xffff) {
    major = 2;
    pre = 12;
    total = pre + header.length + 1;
  }
  header = header + ' '.repeat(Math.ceil(total / 64) * 64 - total) + '\n';
  const head = Buffer.alloc(pre);
  NPY_MAGIC.copy(head, 0);
  head[6] = major;
  head[7] = 0;
  if (major === 1) head.writeUInt16LE(header.length, 8);
  else head.writeUInt32LE(header.length, 8);
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'), body]));
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

function parseArgs(argv) {
  const a = { model: null, inputs: [], outputDir: null, threads: 1, bench: 0, warmup: 10, info: false,
              graphOpt: 'all' };
  const intArg = (name, v) => {
    if (v === undefined) throw new UsageError(`${name} needs a value`);
    if (!/^\d+$/.test(v)) throw new UsageError(`${name} expects a non-negative integer, got '${v}'`);
    return parseInt(v, 10);
  };
  for (let i = 0; i < argv.length; ++i) {
    let arg = argv[i];
    let value;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => (value !== undefined ? value : argv[++i]);
    switch (arg) {
      case '--input': {
        const v = next();
        if (v === undefined) throw new UsageError('--input needs a value');
        a.inputs.push(v);
        break;
      }
      case '--output-dir':
        a.outputDir = next();
        if (a.outputDir === undefined) throw new UsageError('--output-dir needs a value');
        break;
      case '--threads':
        a.threads = intArg(arg, next());
        break;
      case '--bench':
        a.bench = intArg(arg, next());
        break;
      case '--warmup':
        a.warmup = intArg(arg, next());
        break;
      case '--info':
        a.info = true;
        break;
      case '--graph-opt':
        a.graphOpt = next();
        if (!['disabled', 'basic', 'extended', 'all'].includes(a.graphOpt))
          throw new UsageError(`--graph-opt expects disabled, basic, extended or all, got '${a.graphOpt}'`);
        break;
      case '-h':
      case '--help':
        a.help = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}' (see --help)`);
        if (a.model !== null) throw new UsageError(`more than one model given ('${a.model}', '${arg}')`);
        a.model = arg;
    }
  }
  return a;
}

function usage() {
  const text = fs.readFileSync(__filename, 'utf8');
  const m = /\/\*\n([\s\S]*?)\*\//.exec(text);
  process.stdout.write(m[1].replace(/^ \* ?/gm, '').replace(/^\*?/gm, '') + '\n');
}

// Same file-name mangling as quantc-run.
function fileName(name) {
  const s = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return s.length ? s : 'output';
}

function percentile(values, p) {
  const v = [...values].sort((x, y) => x - y);
  const pos = p * (v.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, v.length - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

function shapeStr(dims) {
  return '[' + dims.map((d) => (typeof d === 'number' && d >= 0 ? d : '?')).join(',') + ']';
}

// A deterministic PRNG (mulberry32) for benchmark inputs.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTensor(ort, meta, rand) {
  const dims = meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1));
  const code = ORT_TO_NPY[meta.type];
  if (!code) throw new Error(`input '${meta.name}' has type '${meta.type}'; give it with --input`);
  const t = NPY_TYPES[code];
  const n = product(dims);
  const data = new t.array(n);
  if (meta.type === 'float32' || meta.type === 'float64') {
    for (let k = 0; k < n; ++k) data[k] = rand() * 2 - 1;
  } else if (meta.type === 'bool') {
    for (let k = 0; k < n; ++k) data[k] = rand() < 0.5 ? 0 : 1;
  } else {
    const bytes = new Uint8Array(data.buffer);
    for (let k = 0; k < bytes.length; ++k) bytes[k] = Math.floor(rand() * 256);
  }
  return new ort.Tensor(meta.type, data, dims);
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    usage();
    return;
  }
  if (args.model === null) throw new UsageError('no model given (usage: ort_run.js MODEL.onnx [options], see --help)');
  if (!fs.existsSync(args.model)) throw new Error(`cannot read '${args.model}': no such file`);
  if (!args.info && args.bench === 0 && args.outputDir === null)
    throw new UsageError('nothing to do: give --output-dir, --bench N or --info');

  let ort;
  try {
    ort = require('onnxruntime-node');
  } catch (e) {
    throw new Error(`cannot load onnxruntime-node (run 'npm ci' at the repository root): ${e.message}`);
  }
  ort.env.logLevel = 'error';

  const options = {
    executionProviders: ['cpu'],
    graphOptimizationLevel: args.graphOpt,
    executionMode: 'sequential',
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  };
  if (args.threads > 0) options.intraOpNumThreads = args.threads;
  let session;
  try {
    session = await ort.InferenceSession.create(args.model, options);
  } catch (e) {
    throw new Error(`cannot load '${args.model}': ${e.message}`);
  }
  const inMeta = session.inputNames.map((n, i) => ({ ...session.inputMetadata[i], name: n }));
  const outMeta = session.outputNames.map((n, i) => ({ ...session.outputMetadata[i], name: n }));

  if (args.info) {
    for (const m of inMeta) console.log(`input  ${m.name}: ${m.type}${shapeStr(m.shape || [])}`);
    for (const m of outMeta) console.log(`output ${m.name}: ${m.isTensor ? m.type + shapeStr(m.shape || []) : '(non-tensor)'}`);
    if (args.bench === 0 && args.outputDir === null) return;
  }

  // Read the inputs.
  const given = new Map();
  for (const spec of args.inputs) {
    let name;
    let file;
    const eq = spec.indexOf('=');
    if (eq >= 0) {
      name = spec.slice(0, eq);
      file = spec.slice(eq + 1);
    } else {
      if (inMeta.length !== 1)
        throw new UsageError(`--input '${spec}' has no NAME=; the model has ${inMeta.length} inputs (${session.inputNames.join(', ')})`);
      name = inMeta[0].name;
      file = spec;
    }
    if (!session.inputNames.includes(name))
      throw new UsageError(`--input names '${name}', which is not an input of the model (inputs: ${session.inputNames.join(', ')})`);
    if (given.has(name)) throw new UsageError(`input '${name}' given twice`);
    given.set(name, readNpy(file));
  }

  // Check each input and find the number of stacked inferences.
  let batches = -1;
  const rand = rng(0);
  const perRun = []; // per input: {type, dims, data, elems}
  for (const m of inMeta) {
    if (!m.isTensor) throw new Error(`input '${m.name}' is not a tensor`);
    const shape = m.shape || [];
    const t = given.get(m.name);
    if (!t) {
      if (args.bench === 0)
        throw new UsageError(`missing --input for '${m.name}' (expected ${m.type}${shapeStr(shape)})`);
      const r = randomTensor(ort, m, rand);
      perRun.push({ type: r.type, dims: r.dims, data: r.data, elems: r.data.length });
      if (batches < 0) batches = 1;
      continue;
    }
    const expect = `${m.type}${shapeStr(shape)}`;
    const got = `${t.type}${shapeStr(t.dims)}`;
    if (t.type !== m.type) throw new Error(`input '${m.name}': expected ${expect}, the file holds ${got}`);
    const known = (d) => typeof d === 'number' && d >= 0;
    let n = 0;
    let dims = t.dims;
    if (t.dims.length === shape.length) {
      const tailOk = shape.every((d, k) => k === 0 || !known(d) || d === t.dims[k]);
      if (tailOk) {
        if (shape.length === 0 || !known(shape[0])) n = 1; // dynamic batch: one run on the whole tensor
        else if (shape[0] > 0 && t.dims[0] > 0 && t.dims[0] % shape[0] === 0) {
          n = t.dims[0] / shape[0];
          dims = [shape[0], ...t.dims.slice(1)];
        }
      }
    }
    if (n === 0) throw new Error(`input '${m.name}': expected ${expect} (or N stacked along dimension 0), the file holds ${got}`);
    if (batches >= 0 && n !== batches)
      throw new Error(`input '${m.name}' stacks ${n} inferences but another input stacks ${batches}`);
    batches = n;
    perRun.push({ type: t.type, dims, data: t.data, elems: product(dims) });
  }
  if (batches < 0) batches = 1;

  const feedsFor = (b) => {
    const feeds = {};
    inMeta.forEach((m, i) => {
      const p = perRun[i];
      const data = batches === 1 ? p.data : p.data.slice(b * p.elems, (b + 1) * p.elems);
      feeds[m.name] = new ort.Tensor(p.type, data, p.dims);
    });
    return feeds;
  };

  if (args.bench > 0) {
    const feeds = feedsFor(0);
    for (let w = 0; w < args.warmup; ++w) await session.run(feeds);
    const ms = [];
    for (let r = 0; r < args.bench; ++r) {
      const t0 = process.hrtime.bigint();
      await session.run(feeds);
      const t1 = process.hrtime.bigint();
      ms.push(Number(t1 - t0) / 1e6);
    }
    const round = (x) => Math.round(x * 1e4) / 1e4;
    const mean = ms.reduce((s, v) => s + v, 0) / ms.length;
    console.log(
      JSON.stringify({
        model: path.basename(args.model).replace(/\.onnx$/, ''),
        threads: args.threads,
        runs: args.bench,
        median_ms: round(percentile(ms, 0.5)),
        p10_ms: round(percentile(ms, 0.1)),
        p90_ms: round(percentile(ms, 0.9)),
        min_ms: round(Math.min(...ms)),
        mean_ms: round(mean),
      }),
    );
    return;
  }

  if (args.outputDir === null) return;

  // Run every inference and stack the outputs.
  const stacked = outMeta.map(() => []);
  for (let b = 0; b < batches; ++b) {
    const result = await session.run(feedsFor(b));
    outMeta.forEach((m, o) => {
      const t = result[m.name];
      if (!t || !ORT_TO_NPY[t.type]) throw new Error(`output '${m.name}' has unsupported type '${t ? t.type : 'none'}'`);
      stacked[o].push(t);
    });
  }
  fs.mkdirSync(args.outputDir, { recursive: true });
  outMeta.forEach((m, o) => {
    const parts = stacked[o];
    const first = parts[0];
    const dims = [...first.dims];
    let data = first.data;
    if (parts.length > 1) {
      for (const p of parts)
        if (p.dims.join(',') !== first.dims.join(','))
          throw new Error(`output '${m.name}' changes shape between inferences (${shapeStr(first.dims)} vs ${shapeStr(p.dims)})`);
      if (dims.length === 0) dims.push(parts.length);
      else dims[0] *= parts.length;
      const Arr = NPY_TYPES[ORT_TO_NPY[first.type]].array;
      data = new Arr(first.data.length * parts.length);
      parts.forEach((p, k) => data.set(p.data, k * first.data.length));
    }
    writeNpy(path.join(args.outputDir, fileName(m.name) + '.npy'), first.type, dims, data);
  });
}

module.exports = { readNpy, writeNpy };

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e) => fail(e && e.message ? e.message : e, e instanceof UsageError ? 2 : 1),
  );
}
