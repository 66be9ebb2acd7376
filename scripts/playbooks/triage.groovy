// Triage: the open critical and high findings of the last N completed scans, grouped by asset, exported to
// SARIF and CSV; findings of the rules named in --arg false_positive are marked false positives.
//
//   run scripts/playbooks/triage.groovy [--arg last=5] [--arg out=triage]
//       [--arg false_positive='Exposed .git Directory;CWE-79'] [--arg note='Reviewed: test fixtures']
//
// A rule is a finding's title or its CWE; separate several with ';'.

def last = args.integer('last', 5)
def prefix = args.text('out', 'triage')
def rules = args.text('false_positive', '').split(';')*.trim().findAll()

def recent = s4e.scans(status: 'completed').sort { a, b -> b.createdAt <=> a.createdAt }.take(last)
if (!recent) {
    fail 'No completed scan to triage yet: run a scan first.'
}
def found = recent.collectMany { scan ->
    s4e.findings(scan: scan.id, severity: ['critical', 'high'], status: 'open')
}.unique { it.id }

def byRule = found.groupBy { f -> rules.find { it == f.title || it == f.cwe } }
def falsePositives = byRule.findAll { rule, fs -> rule != null }.values().flatten()
if (falsePositives) {
    s4e.triage(falsePositives, 'false_positive', note: args.text('note', 'Marked by triage.groovy'))
    log "Marked ${falsePositives.size()} finding(s) false positive by rule: ${rules.join('; ')}"
}
def open = byRule[null] ?: []

table open.groupBy { it.asset?.name ?: it.asset?.id }.collect { asset, fs ->
    [asset   : asset,
     critical: fs.count { it.severity == 'critical' },
     high    : fs.count { it.severity == 'high' },
     top     : fs.max { it.cvss ?: 0 }.title]
}.sort { -(it.critical * 100 + it.high) }

def sarif = export(open, "${prefix}.sarif")
def csv = export(open, "${prefix}.csv")
println "${open.size()} open critical/high finding(s) across ${recent.size()} scan(s): ${sarif.name}, ${csv.name}"
