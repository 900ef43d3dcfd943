// The CLI's help text (kept beside the commands it describes).
export const USAGE = `Usage: vigil <command> [options]

Commands:
  serve     Run the engine headless and serve the UI and HTTP API to a browser
              --config FILE     config file (default: <data-dir>/vigil.yaml, written on first run)
              --data-dir DIR    data folder (default: ~/.local/share/vigil or the platform equivalent)
              --host HOST       address to bind (default 127.0.0.1)
              --port PORT       port (default 4600; 0 picks a free one)
              --token TOKEN     API token (default: $VIGIL_TOKEN, else a random one, printed)
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
  open      Review a .vigil archive read-only in the browser (same UI and API as serve; writes refused)
              vigil open FILE.vigil [--port P] [--host H] [--token T] [--cache-dir DIR]
  report    Print a view's report (A4 PDF) headless through Chromium
              vigil report [--view executive] [--from T] [--to T] [--orientation landscape|portrait]
                           [--data-dir DIR [--config FILE] | --url URL --token T] --out FILE.pdf
  bench     Run benchmarks: vigil bench [ingest|views|analytics] [--samples N]
  help      Show this text

Environment:
  VIGIL_TOKEN          API token for serve
  VIGIL_DATA_DIR       default data folder
  VIGIL_SECRET_<NAME>  value of \${secret:NAME} references in the config
`
