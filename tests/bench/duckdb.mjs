// duckdb.mjs - DuckDB peer for tests/bench/run.sh.
//
//	node duckdb.mjs nulls|summarize|summarize-all|startup FILE
//
// startup:   only starts node, loads DuckDB and runs SELECT 1: the fixed
//            cost included in the other two, measured so it can be shown.
// nulls:     one pass of read_csv with count(*) and the number of nulls in
//            every column; prints one JSON object {"rows": N, "columns":
//            [{"name", "nulls"}, ...]}.
// summarize: SUMMARIZE over the same read_csv; prints {"rows": N (the
//            "count" of the first column), "columns": [{"name", "type",
//            "null_percentage"}, ...]}.
// summarize-all: the same SUMMARIZE, every field of every row as text
//            (approx_unique, q25, q50, q75, ...): {"rows": N, "columns":
//            [{"column_name", "column_type", "approx_unique", ...}, ...]}
//            (summarize-compare.py reads it).
//
// Null semantics: DuckDB's read_csv treats only the empty field as NULL by
// default.  The generator writes nulls as "", NA and NULL, so both queries
// pass nullstr = ['', 'NA', 'NULL'] to make DuckDB count the same nulls as
// pandas and vi-stats --nulls pandas.  Types are sniffed as usual.  DuckDB
// uses all cores (its default threads setting).
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, file] = process.argv.slice(2);
if (!['nulls', 'summarize', 'summarize-all', 'startup'].includes(mode) ||
    !file) {
  process.stderr.write('usage: node duckdb.mjs nulls|summarize|summarize-all|startup file\n');
  process.exit(64);
}

const lit = (s) => `'${s.replaceAll("'", "''")}'`;
const ident = (s) => `"${s.replaceAll('"', '""')}"`;
const src = `read_csv(${lit(file)}, header = true, nullstr = ['', 'NA', 'NULL'])`;

const instance = await DuckDBInstance.create(':memory:');
const con = await instance.connect();

const num = (v) => (typeof v === 'bigint' ? Number(v) : Number(v));

if (mode === 'startup') {
  await con.runAndReadAll('SELECT 1');
  process.stdout.write('{}\n');
} else if (mode === 'nulls') {
  // The column names come from DuckDB's sniffer (cheap: a sample only).
  const desc = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
  const names = desc.getRowObjects().map((r) => r.column_name);
  const sel = ['count(*) AS "rows"']
    .concat(names.map((n, i) => `count(*) - count(${ident(n)}) AS n${i}`))
    .join(', ');
  const res = await con.runAndReadAll(`SELECT ${sel} FROM ${src}`);
  const row = res.getRowObjects()[0];
  const out = {
    rows: num(row.rows),
    columns: names.map((n, i) => ({ name: n, nulls: num(row[`n${i}`]) })),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
} else if (mode === 'summarize-all') {
  const res = await con.runAndReadAll(`SUMMARIZE SELECT * FROM ${src}`);
  const rows = res.getRowObjects();
  const out = {
    rows: rows.length ? num(rows[0].count) : 0,
    columns: rows.map((r) => Object.fromEntries(Object.entries(r).map(
      ([k, v]) => [k, v === null ? null : String(v)]))),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
} else {
  const res = await con.runAndReadAll(`SUMMARIZE SELECT * FROM ${src}`);
  const rows = res.getRowObjects();
  const out = {
    rows: rows.length ? num(rows[0].count) : 0,
    columns: rows.map((r) => ({
      name: r.column_name,
      type: r.column_type,
      null_percentage: Number(String(r.null_percentage)),
    })),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}
