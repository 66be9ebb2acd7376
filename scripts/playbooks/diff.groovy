// New and fixed findings between the last two completed scans of an asset.
//
//   run scripts/playbooks/diff.groovy --arg asset=a-1001 [--arg type=full]
//
// A finding is the same in both scans when its title (the rule) is: finding IDs differ from scan to scan.

def asset = s4e.asset(args.require('asset'))
def filters = [asset: asset.id, status: 'completed']
if (args.type) {
    filters.type = args.type
}
def completed = s4e.scans(filters).sort { a, b -> b.createdAt <=> a.createdAt }
if (completed.size() < 2) {
    fail "${asset.name} has ${completed.size()} completed scan(s); a diff needs two."
}
def (newer, older) = completed.take(2)

def rules = { scan -> s4e.findings(scan: scan.id).collectEntries { [(it.title): it] } }
def now = rules(newer)
def before = rules(older)

def added = (now.keySet() - before.keySet()).collect { now[it] }
def fixed = (before.keySet() - now.keySet()).collect { before[it] }

println "${asset.name}: ${older.id} (${older.createdAt}) -> ${newer.id} (${newer.createdAt})"
println "New (${added.size()}):"
table(added.sort { Severity.rank(it.severity) }, columns: ['severity', 'title', 'id'])
println "Fixed (${fixed.size()}):"
table(fixed.sort { Severity.rank(it.severity) }, columns: ['severity', 'title', 'id'])
[added: added.size(), fixed: fixed.size(), unchanged: now.keySet().intersect(before.keySet()).size()]
