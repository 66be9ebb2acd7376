// Fails (exit 1) when any open finding at or above a severity is on the given assets, without scanning.
//
//   scripts/s4e run scripts/playbooks/gate.groovy --arg assets=a-1001,a-1003 [--arg fail_on=high]

def floor = args.text('fail_on', 'high')
def assets = args.list('assets')
if (!assets) {
    fail 'Give the assets to check: --arg assets=a-1001,a-1003'
}

def open = assets.collectMany { id ->
    s4e.findings(asset: id, severity: s4e.atLeast(floor), status: 'open')
}
if (open) {
    table open.groupBy { it.asset?.id }.collect { id, found ->
        [asset: id, findings: found.size(), worst: found.min { Severity.rank(it.severity) }.severity]
    }
    fail "${open.size()} open finding(s) at or above $floor on ${open*.asset*.id.unique().size()} asset(s)"
}
println "No open finding at or above $floor on ${assets.join(', ')}"
