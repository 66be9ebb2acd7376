// Scans every active asset with a tag, waits for all the scans, and prints a summary table.
//
//   run scripts/playbooks/batch-scan.groovy --arg tag=production [--arg type=quick]
//       [--arg concurrency=5] [--arg timeout=1h] [--arg strict=true]
//
// Creates are paced by the client's rate limiter; a scan already running on an asset is adopted. Every scan
// is in `session show` as soon as it is created, so an interrupted run loses nothing. With strict, a scan that
// failed or was cancelled fails the playbook (exit 1).

def tag = args.text('tag', 'production')
def type = args.text('type', 'quick')

def targets = s4e.assets(tag: tag, status: 'active').toList()
if (!targets) {
    fail "No active asset has the tag '$tag'."
}
log "Scanning ${targets.size()} assets tagged '$tag' ($type)"

def batch = s4e.scanAll(targets, type, concurrency: args.integer('concurrency', 5))
def scans = s4e.awaitAll(batch, timeout: args.text('timeout', '1h'))

def names = targets.collectEntries { [(it.id): it.name] }
table scans.sort { it.assetId }.collect { scan ->
    def found = scan.findingSummary
    [scan    : scan.id,
     asset   : names[scan.assetId] ?: scan.assetId,
     status  : scan.status,
     critical: found?.critical ?: 0,
     high    : found?.high ?: 0,
     medium  : found?.medium ?: 0,
     total   : found?.total() ?: 0]
}

def completed = scans.count { it.status == 'completed' }
scans.findAll { it.status != 'completed' }.each { scan ->
    log.warn "${scan.id} on ${names[scan.assetId] ?: scan.assetId} ended ${scan.status}${scan.error ? ': ' + scan.error : ''}"
}
println "$completed of ${scans.size()} scans completed (${batch.created} created, ${batch.adopted} already running)"
if (args.flag('strict') && completed < scans.size()) {
    fail "${scans.size() - completed} scan(s) did not complete"
}
