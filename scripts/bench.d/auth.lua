-- wrk script: authorises every request with the sandbox token from the environment (never on the command line).
wrk.headers["Authorization"] = "Bearer " .. os.getenv("S4E_BENCH_TOKEN")
