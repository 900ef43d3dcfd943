// The CLI's help text (kept beside the commands it describes).
export const USAGE = `Usage: vigil <command> [options]

Commands:
  serve     Run the engine headless and serve the UI and HTTP API to a browser
              --config FILE     config file (default: <data-dir>/vigil.yaml, written on first run)
              --data-dir DIR    data folder (default: ~/.local/share/vigil or the platform equivalent)
              --host HOST       address to bind (default 127.0.0.1; any other address needs explicit tokens)
              --port PORT       port (default 4600; 0 picks a free one)
              --viewer-token T  wallboard / read-only token (default: $VIGIL_VIEWER_TOKEN; generated on loopback)
              --operator-token T  acknowledge, silence, annotate, push data (default: $VIGIL_OPERATOR_TOKEN; generated on loopback)
              --admin-token T   everything incl. export, audit log, secrets (alias --token; default: $VIGIL_ADMIN_TOKEN, $VIGIL_TOKEN; generated on loopback)
              --speed X         the engine clock runs X times real time (1-3600; soak runs; default 1)
  check     Validate a config file and print what is wrong (exit 2 if invalid)
              vigil check FILE
  schema    Print the JSON Schema of vigil.yaml (for editors)
  forecast  Forecast every series of an M4-style wide CSV (id, then values): writes id,F1..FH
              vigil forecast --train FILE --horizon H --season M[,M2] [--model auto|naive|snaive|ets|theta|mstl] --out FILE
  detect    Score every timestamp,value CSV under DATA_DIR online (anomaly_score in [0,1])
              vigil detect DATA_DIR --out RESULTS_DIR
  export    Export a time range of a data dir as a .vigil archive (Parquet + manifest; optional signature)
              vigil export [--data-dir DIR] [--config FILE] --from T --to T [--series GLOB] [--sign] --out FILE.vigil
              (times: epoch ms, ISO 8601, now, now-7d)
  verify    Check an archive's structure, checksums and signature (exit 0, or 2 with every problem)
              vigil verify FILE.vigil
  audit     Check or export the audit log (<data-dir>/audit.log)
              vigil audit verify [--data-dir DIR]       (exit 0 with a summary, 2 naming the first bad entry)
              vigil audit export [--data-dir DIR] [--from T] [--to T] --out FILE.jsonl|FILE.csv
  secret    Manage \${secret:NAME} values in the OS keychain (values are read from stdin, never argv)
              vigil secret set NAME        (piped: printf %s "$VALUE" | vigil secret set NAME; on a terminal: hidden prompt)
              vigil secret delete NAME
              vigil secret list [--config FILE | --data-dir DIR]   (names, where each resolves from, unresolved references)
  open      Review a .vigil archive read-only in the browser (same UI and API as serve; writes refused)
              vigil open FILE.vigil [--port P] [--host H] [--token T] [--viewer-token T] [--operator-token T] [--admin-token T] [--cache-dir DIR]
  report    Print a view's report (A4 PDF) headless through Chromium
              vigil report [--view executive] [--from T] [--to T] [--orientation landscape|portrait]
                           [--data-dir DIR [--config FILE] | --url URL --token T] --out FILE.pdf
  compact   Rewrite a stopped Vigil's database with only live rows (deleted data leaves the file too)
              vigil compact [--data-dir DIR]
  bench     Run benchmarks: vigil bench [ingest|views|analytics|archive|crash|e2e] [--samples N] [--archive FILE]
  help      Show this text

Environment:
  VIGIL_TOKEN          admin token for serve and open
  VIGIL_VIEWER_TOKEN / VIGIL_OPERATOR_TOKEN / VIGIL_ADMIN_TOKEN   role tokens for serve and open
  VIGIL_DATA_DIR       default data folder
  VIGIL_SECRET_<NAME>  value of \${secret:NAME} when the OS keychain has none
`
