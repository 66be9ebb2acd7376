// Exports findings in every format the shell writes: SARIF, CSV, JSON and Markdown.
//
//   run scripts/playbooks/export.groovy [--arg severity=critical,high] [--arg status=open]
//       [--arg asset=a-1001] [--arg out=findings]

def filters = [:]
if (args.severity) filters.severity = args.list('severity')
if (args.status) filters.status = args.status
if (args.asset) filters.asset = args.asset

def findings = s4e.findings(filters).sort { a, b ->
    Severity.rank(a.severity) <=> Severity.rank(b.severity) ?: (b.cvss ?: 0) <=> (a.cvss ?: 0)
}
def prefix = args.text('out', 'findings')
def files = ['sarif', 'csv', 'json', 'md'].collect { ext -> export(findings, "${prefix}.${ext}") }

findings.countBy { it.severity }.each { severity, n -> log "$severity: $n" }
println "Exported ${findings.size()} finding(s) to ${files*.name.join(', ')}"
