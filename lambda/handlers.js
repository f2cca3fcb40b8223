'use strict';
// Test functions under Fanout's Lambda contract: the event is the sub-job's params, the response
// is its output. Payloads too large for a synchronous call travel by reference:
// {"fanoutPayloadRef": uri} in, {"fanoutOutputRef": uri} out (file:// URIs here; s3:// on AWS).
const fs = require('fs');
const path = require('path');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function load(event) {
  if (event && event.fanoutPayloadRef) {
    return JSON.parse(fs.readFileSync(new URL(event.fanoutPayloadRef), 'utf8'));
  }
  return event;
}

// Echoes its params, after sleeping params.millis; start and end let tests measure concurrency.
exports.echo = async (event) => {
  const start = Date.now();
  await sleep((event && event.millis) || 0);
  return { params: event, start, end: Date.now() };
};

exports.fail = async (event) => {
  const error = new Error(`sample ${event && event.sample} has no reads`);
  error.name = 'NoReadsError';
  throw error;
};

// Runs past its 1 s timeout.
exports.slow = async () => {
  await sleep(5000);
  return {};
};

// Sums params.numbers; with params.bigOutput, returns its output by reference.
exports.sum = async (event) => {
  const params = load(event);
  const sum = params.numbers.reduce((a, b) => a + b, 0);
  if (!params.bigOutput) {
    return { sum, count: params.numbers.length };
  }
  const dir = path.dirname(new URL(event.fanoutPayloadRef).pathname);
  const file = path.join(dir, `output-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify({ sum, count: params.numbers.length, echo: params.numbers }));
  return { fanoutOutputRef: `file://${file}` };
};

// GC content and k-mer spectrum of the contigs in params.sequences, in 5% GC bins: the same
// output as Fanout's gc-profile Java handler, so the gc-table reducer merges either.
exports.gc = async (event) => {
  const params = load(event);
  const k = params.k || 4;
  const bins = {};
  for (const contig of params.sequences) {
    const bases = contig.bases.toUpperCase();
    let gc = 0;
    let acgt = 0;
    for (const c of bases) {
      if (c === 'G' || c === 'C') { gc++; acgt++; } else if (c === 'A' || c === 'T') { acgt++; }
    }
    const bin = String(Math.floor(((acgt === 0 ? 0 : gc / acgt) * 100) / 5) * 5);
    const b = (bins[bin] = bins[bin] || { contigs: 0, bases: 0, kmers: {} });
    b.contigs++;
    b.bases += bases.length;
    for (let i = 0; i + k <= bases.length; i++) {
      const kmer = bases.slice(i, i + k);
      if (/^[ACGT]+$/.test(kmer)) { b.kmers[kmer] = (b.kmers[kmer] || 0) + 1; }
    }
  }
  return { contigs: params.sequences.length, bins };
};
