// A CI gate: scans one asset, waits, and fails (exit 1) when the scan found anything at or above a severity.
//
//   scripts/s4e run scripts/playbooks/ci-gate.groovy --arg asset=a-1001 [--arg type=quick]
//       [--arg fail_on=high] [--arg timeout=30m] [--arg sarif=gate.sarif]
//
// Exit codes: 0 the gate passed, 1 it tripped, 3 an API error, 4 the scan did not finish in time.

def asset = s4e.asset(args.require('asset'))
def floor = args.text('fail_on', 'high')

def scan = s4e.scan(asset, args.text('type', 'quick'), priority: 'high')
log "Scanning ${asset.name} as ${scan.id}"
def result = scan.await(args.text('timeout', '30m'))
if (result.status != 'completed') {
    fail "Scan ${scan.id} ended ${result.status}${result.error ? ': ' + result.error : ''}"
}

def blocking = scan.results(severity: s4e.atLeast(floor)).findAll { it.status in ['open', 'confirmed'] }
if (args.sarif) {
    export(scan.results(), args.sarif)
}
if (blocking) {
    table(blocking.sort { Severity.rank(it.severity) }, columns: ['id', 'severity', 'cvss', 'title'])
    fail "${blocking.size()} finding(s) at or above $floor on ${asset.name} (scan ${scan.id})"
}
println "Gate passed: nothing at or above $floor on ${asset.name} (scan ${scan.id})"
