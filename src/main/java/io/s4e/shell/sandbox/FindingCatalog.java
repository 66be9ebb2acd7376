package io.s4e.shell.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sandbox's catalogue of realistic finding templates, grouped by check category. */
final class FindingCatalog {

	static final String WEB_VULN = "web_vuln";
	static final String SSL = "ssl";
	static final String HEADERS = "headers";
	static final String DNS = "dns";
	static final String PORT = "port";
	static final String API = "api";

	static final List<String> CATEGORIES = List.of(WEB_VULN, SSL, HEADERS, DNS, PORT, API);

	private static final String NONE = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N";

	private static final List<FindingTemplate> TEMPLATES;

	private static final Map<String, FindingTemplate> BY_ID;

	static {
		List<FindingTemplate> t = new ArrayList<>();
		// web_vuln
		t.add(template("web-sqli-login", WEB_VULN, "SQL Injection in /api/login", "critical",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-89",
				"User input is passed directly to SQL query. The username parameter of POST /api/login is concatenated "
						+ "into a SELECT statement; a time-based payload delayed the response by 5 seconds.",
				"Use parameterized queries or prepared statements for every database call and validate input types "
						+ "server-side.",
				"https://owasp.org/www-community/attacks/SQL_Injection", cwe(89)));
		t.add(template("web-deserialization-rce", WEB_VULN, "Remote Code Execution via Insecure Deserialization in /api/import",
				"critical", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-502",
				"The import endpoint deserializes untrusted Java objects; a gadget chain payload triggered an "
						+ "out-of-band DNS lookup from the server.",
				"Do not deserialize untrusted data; accept a data-only format such as JSON with a strict schema, or "
						+ "restrict deserialization with an allow-list filter.",
				"https://owasp.org/www-community/vulnerabilities/Deserialization_of_untrusted_data", cwe(502)));
		t.add(template("web-xss-reflected", WEB_VULN, "Reflected Cross-Site Scripting in search parameter q", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", "CWE-79",
				"The q parameter of /search is echoed into the HTML response without encoding, so a crafted link runs "
						+ "script in the victim's browser.",
				"Encode output for its HTML context, validate input, and deploy a restrictive Content-Security-Policy.",
				"https://owasp.org/www-community/attacks/xss/", cwe(79)));
		t.add(template("web-xss-stored", WEB_VULN, "Stored Cross-Site Scripting in comment field", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", "CWE-79",
				"Comments accept HTML event handlers that are rendered unencoded to every visitor of the page.",
				"Sanitize rich text with an allow-list sanitizer and encode all other output by context.",
				"https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
				cwe(79)));
		t.add(template("web-ssrf-image-proxy", WEB_VULN, "Server-Side Request Forgery in /image-proxy", "high",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-918",
				"The url parameter is fetched server-side without destination checks; the cloud metadata endpoint "
						+ "169.254.169.254 was reachable through it.",
				"Allow-list destination hosts, block link-local and private ranges after DNS resolution, and disable "
						+ "redirects for server-side fetches.",
				"https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/", cwe(918)));
		t.add(template("web-path-traversal", WEB_VULN, "Path Traversal in /download?file=", "high",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-22",
				"The file parameter accepts ../ sequences; /etc/passwd was returned by the download endpoint.",
				"Resolve requested paths against a fixed base directory and reject any path that escapes it; prefer "
						+ "opaque file identifiers.",
				"https://owasp.org/www-community/attacks/Path_Traversal", cwe(22)));
		t.add(template("web-open-redirect", WEB_VULN, "Open Redirect in /logout?next=", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", "CWE-601",
				"The next parameter redirects to any external host, which helps phishing pages borrow the site's "
						+ "reputation.",
				"Redirect only to relative paths or to an allow-list of hosts.",
				"https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html",
				cwe(601)));
		t.add(template("web-csrf-settings", WEB_VULN, "Cross-Site Request Forgery on account settings", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N", "CWE-352",
				"POST /account/settings changes the e-mail address without an anti-CSRF token or SameSite cookie "
						+ "protection.",
				"Require a synchronizer token on state-changing requests and set session cookies with SameSite=Lax "
						+ "or Strict.",
				"https://owasp.org/www-community/attacks/csrf", cwe(352)));
		t.add(template("web-directory-listing", WEB_VULN, "Directory Listing Enabled on /backup/", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-548",
				"The web server lists the contents of /backup/, exposing archive names and sizes.",
				"Disable automatic directory indexes and remove backups from the web root.",
				"https://cwe.mitre.org/data/definitions/548.html"));
		t.add(template("web-exposed-git", WEB_VULN, "Exposed .git Directory", "high",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-538",
				"/.git/HEAD and object files are downloadable, allowing the full source history, including "
						+ "committed secrets, to be reconstructed.",
				"Block access to version-control directories at the web server and deploy build artefacts instead "
						+ "of working copies; rotate any secret found in the history.",
				"https://cwe.mitre.org/data/definitions/538.html"));
		t.add(template("web-outdated-jquery", WEB_VULN, "Outdated jQuery 1.12.4 With Known XSS Issues", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", "CWE-1104",
				"jQuery 1.12.4 is affected by CVE-2020-11022 and CVE-2020-11023 (HTML passed to DOM manipulation "
						+ "methods may execute script).",
				"Upgrade jQuery to 3.5.0 or later and review calls that pass untrusted HTML to it.",
				"https://nvd.nist.gov/vuln/detail/CVE-2020-11022", cwe(1104)));
		t.add(template("web-stack-trace", WEB_VULN, "Verbose Error Messages Disclose Stack Traces", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-209",
				"Malformed requests return framework stack traces with class names, library versions and file paths.",
				"Return generic error pages in production and log the details server-side only.",
				"https://cwe.mitre.org/data/definitions/209.html"));
		t.add(template("web-xxe-soap", WEB_VULN, "XML External Entity Injection in SOAP endpoint", "high",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:L", "CWE-611",
				"The SOAP parser resolves external entities; a DOCTYPE payload read a local file into the fault "
						+ "message.",
				"Disable DTD processing and external entity resolution in every XML parser.",
				"https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html",
				cwe(611)));
		t.add(template("web-server-banner", WEB_VULN, "Server Software Version Disclosed in Banner", "info", NONE,
				"CWE-200",
				"The Server and X-Powered-By headers reveal exact product versions, which eases targeted attacks.",
				"Suppress or genericize version banners in the web server and application framework.",
				"https://cwe.mitre.org/data/definitions/200.html"));
		// headers
		t.add(template("hdr-missing-csp", HEADERS, "Missing Content-Security-Policy Header", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-693",
				"No Content-Security-Policy is sent, so injected script is not contained by the browser.",
				"Define a Content-Security-Policy starting with default-src 'self' and tighten it per page.",
				"https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP", cwe(693)));
		t.add(template("hdr-missing-hsts", HEADERS, "Missing Strict-Transport-Security Header", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-319",
				"HTTPS responses lack HSTS, so a network attacker can downgrade the first visit to plain HTTP.",
				"Send Strict-Transport-Security: max-age=31536000; includeSubDomains on every HTTPS response.",
				"https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Strict_Transport_Security_Cheat_Sheet.html",
				cwe(319)));
		t.add(template("hdr-clickjacking", HEADERS, "Missing X-Frame-Options (Clickjacking)", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N", "CWE-1021",
				"Pages can be framed by any origin, enabling clickjacking against authenticated users.",
				"Send X-Frame-Options: DENY or a Content-Security-Policy frame-ancestors directive.",
				"https://owasp.org/www-community/attacks/Clickjacking", cwe(1021)));
		t.add(template("hdr-missing-xcto", HEADERS, "Missing X-Content-Type-Options Header", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:L/A:N", "CWE-693",
				"Without nosniff, browsers may interpret uploaded files as script or style sheets.",
				"Send X-Content-Type-Options: nosniff on all responses.",
				"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options"));
		t.add(template("hdr-cookie-secure", HEADERS, "Session Cookie Without Secure Flag", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-614",
				"The session cookie is set without Secure and can be sent over plain HTTP.",
				"Set the Secure attribute on every cookie issued over HTTPS.",
				"https://owasp.org/www-community/controls/SecureCookieAttribute", cwe(614)));
		t.add(template("hdr-cookie-httponly", HEADERS, "Session Cookie Without HttpOnly Flag", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-1004",
				"The session cookie is readable from JavaScript, so any XSS can steal sessions.",
				"Set the HttpOnly attribute on session cookies.",
				"https://owasp.org/www-community/HttpOnly", cwe(1004)));
		t.add(template("hdr-cors-reflect", HEADERS, "Permissive CORS Policy Reflects Arbitrary Origin", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N", "CWE-942",
				"Access-Control-Allow-Origin echoes any Origin together with Access-Control-Allow-Credentials: true.",
				"Allow only trusted origins explicitly and never combine wildcard or reflected origins with "
						+ "credentials.",
				"https://portswigger.net/web-security/cors", cwe(942)));
		t.add(template("hdr-referrer-policy", HEADERS, "Referrer-Policy Header Not Set", "info", NONE, "CWE-200",
				"Full URLs, including query strings, may leak to third parties through the Referer header.",
				"Send Referrer-Policy: strict-origin-when-cross-origin or stricter.",
				"https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Referrer-Policy"));
		// ssl
		t.add(template("ssl-tls10", SSL, "TLS 1.0 Protocol Enabled", "medium",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-327",
				"The server negotiates TLS 1.0, which is deprecated (RFC 8996) and exposed to BEAST-style attacks.",
				"Disable TLS 1.0 and 1.1; offer TLS 1.2 and 1.3 only.", "https://datatracker.ietf.org/doc/html/rfc8996",
				cwe(327)));
		t.add(template("ssl-cert-expired", SSL, "Expired TLS Certificate", "medium",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", "CWE-298",
				"The certificate's notAfter date has passed; users are trained to click through warnings.",
				"Renew the certificate and automate renewal (for example with ACME) plus expiry monitoring.",
				cwe(298)));
		t.add(template("ssl-self-signed", SSL, "Self-Signed TLS Certificate", "medium",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:L/A:N", "CWE-295",
				"The certificate chain does not lead to a trusted root, so clients cannot authenticate the server.",
				"Install a certificate issued by a publicly trusted certificate authority.", cwe(295)));
		t.add(template("ssl-weak-ciphers", SSL, "Weak Cipher Suites Supported (3DES, RC4)", "medium",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-326",
				"TLS_RSA_WITH_3DES_EDE_CBC_SHA and RC4 suites are accepted (SWEET32, RC4 biases).",
				"Offer only AEAD suites (AES-GCM, ChaCha20-Poly1305) with forward secrecy.",
				"https://sweet32.info/", cwe(326)));
		t.add(template("ssl-cert-expiring", SSL, "TLS Certificate Expires Within 30 Days", "info", NONE, "CWE-298",
				"The certificate expires soon; an unnoticed expiry will break clients.",
				"Renew the certificate now and automate renewals.", cwe(298)));
		t.add(template("ssl-hostname-mismatch", SSL, "TLS Certificate Hostname Mismatch", "medium",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", "CWE-297",
				"The certificate's subject alternative names do not cover the scanned hostname.",
				"Issue a certificate whose SAN list includes every served hostname.", cwe(297)));
		t.add(template("ssl-heartbleed", SSL, "OpenSSL Heartbleed Memory Disclosure (CVE-2014-0160)", "high",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "CWE-125",
				"Malformed heartbeat requests return up to 64 KB of server memory per request.",
				"Upgrade OpenSSL, then revoke and reissue certificates and rotate session secrets.",
				"https://nvd.nist.gov/vuln/detail/CVE-2014-0160", cwe(125)));
		t.add(template("ssl-compression", SSL, "TLS Compression Enabled (CRIME)", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", "CWE-310",
				"TLS-level compression lets an attacker who controls part of the plaintext recover secrets.",
				"Disable TLS-level compression in the server and load balancer configuration.",
				"https://nvd.nist.gov/vuln/detail/CVE-2012-4929"));
		t.add(template("ssl-no-ocsp-stapling", SSL, "OCSP Stapling Not Enabled", "info", NONE, "CWE-299",
				"Clients must contact the CA to check revocation, which adds latency and leaks browsing data.",
				"Enable OCSP stapling in the TLS terminator.", cwe(299)));
		// dns
		t.add(template("dns-zone-transfer", DNS, "DNS Zone Transfer (AXFR) Allowed", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-200",
				"An authoritative name server answers AXFR requests from any address, disclosing every record.",
				"Restrict zone transfers to secondary servers by IP address or TSIG key.",
				"https://www.cisa.gov/news-events/alerts/2015/04/13/dns-zone-transfer-axfr-requests-may-leak-domain-information",
				cwe(200)));
		t.add(template("dns-missing-spf", DNS, "Missing SPF Record", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N", "CWE-290",
				"No SPF record is published, so mail can be spoofed from this domain more easily.",
				"Publish an SPF record listing authorized senders and ending in -all.",
				"https://datatracker.ietf.org/doc/html/rfc7208", cwe(290)));
		t.add(template("dns-dmarc-none", DNS, "DMARC Policy Set to none", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:N/I:L/A:N", "CWE-290",
				"The DMARC record uses p=none, so receivers do not reject spoofed mail.",
				"Move the DMARC policy to quarantine, then reject, after reviewing aggregate reports.",
				"https://datatracker.ietf.org/doc/html/rfc7489"));
		t.add(template("dns-subdomain-takeover", DNS, "Subdomain Takeover via Dangling CNAME", "high",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:H/A:N", "CWE-350",
				"A CNAME points to a deprovisioned cloud resource that anyone can claim and serve content from.",
				"Remove dangling DNS records and deprovision DNS before deleting cloud resources.",
				"https://developer.mozilla.org/en-US/docs/Web/Security/Subdomain_takeovers", cwe(350)));
		t.add(template("dns-no-dnssec", DNS, "DNSSEC Not Enabled", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:L/A:N", "CWE-345",
				"Responses are unsigned, so resolvers cannot detect forged answers.",
				"Sign the zone with DNSSEC and publish the DS record at the registrar.", cwe(345)));
		t.add(template("dns-open-resolver", DNS, "Open DNS Resolver", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", "CWE-406",
				"The name server performs recursive lookups for any client and can be abused for amplification.",
				"Restrict recursion to internal clients or disable it on authoritative servers.", cwe(406)));
		t.add(template("dns-no-caa", DNS, "CAA Record Not Configured", "info", NONE, "CWE-295",
				"Any certificate authority may issue certificates for this domain.",
				"Publish CAA records naming the authorities you use.",
				"https://datatracker.ietf.org/doc/html/rfc8659"));
		// port
		t.add(template("port-redis-noauth", PORT, "Exposed Redis Instance Without Authentication (6379/tcp)",
				"critical", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CWE-306",
				"Redis answers commands from the internet without authentication, allowing data theft and, through "
						+ "CONFIG SET, file writes on the host.",
				"Bind Redis to private interfaces, require authentication (ACLs) and firewall port 6379.", cwe(306)));
		t.add(template("port-elasticsearch-open", PORT, "Elasticsearch API Exposed Without Authentication (9200/tcp)",
				"critical", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", "CWE-306",
				"The cluster API lists and modifies indices for anonymous clients.",
				"Enable security features (authentication and TLS) and restrict network access.", cwe(306)));
		t.add(template("port-ssh-password", PORT, "SSH Password Authentication Enabled (22/tcp)", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-307",
				"The SSH server accepts passwords, which exposes accounts to credential stuffing and brute force.",
				"Disable PasswordAuthentication and use keys or certificates, with rate limiting.", cwe(307)));
		t.add(template("port-telnet", PORT, "Telnet Service Exposed (23/tcp)", "high",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", "CWE-319",
				"Telnet transmits credentials and sessions in clear text.",
				"Disable Telnet and use SSH for remote administration.", cwe(319)));
		t.add(template("port-mysql-exposed", PORT, "MySQL Port Exposed to the Internet (3306/tcp)", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-284",
				"The database listener accepts connections from any address and discloses its version in the "
						+ "handshake.",
				"Restrict database listeners to application hosts via firewall rules or private networking.",
				cwe(284)));
		t.add(template("port-rdp-exposed", PORT, "Remote Desktop Exposed (3389/tcp)", "high",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", "CWE-284",
				"RDP is reachable from the internet, a common ransomware entry point and denial-of-service target.",
				"Put RDP behind a VPN or gateway with multi-factor authentication.", cwe(284)));
		t.add(template("port-ftp-anonymous", PORT, "Anonymous FTP Login Allowed (21/tcp)", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N", "CWE-284",
				"The FTP server accepts the anonymous user and allows listing and uploading in /pub.",
				"Disable anonymous access or restrict it to a read-only, isolated directory.", cwe(284)));
		t.add(template("port-smtp-open-relay", PORT, "SMTP Open Relay (25/tcp)", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:N", "CWE-284",
				"The mail server relays messages for external senders to external recipients.",
				"Allow relaying only for authenticated users or internal networks.", cwe(284)));
		t.add(template("port-service-inventory", PORT, "Open Ports Detected", "info", NONE, "CWE-200",
				"Service inventory: 22/tcp ssh, 80/tcp http, 443/tcp https.",
				"Review that every listening service is intended to be public.", cwe(200)));
		// api
		t.add(template("api-bola-orders", API, "Broken Object Level Authorization in /api/v1/orders/{id}", "high",
				"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:L/A:N", "CWE-639",
				"An authenticated user can read and modify other customers' orders by changing the numeric ID.",
				"Check object ownership on every request server-side; prefer unguessable identifiers as defense in "
						+ "depth.",
				"https://owasp.org/API-Security/editions/2023/en/0xa1-broken-object-level-authorization/",
				cwe(639)));
		t.add(template("api-jwt-none", API, "JWT Accepted With alg=none", "critical",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", "CWE-347",
				"The API accepts unsigned JSON Web Tokens, so anyone can forge a token for any user.",
				"Pin the expected signing algorithm and reject tokens whose signature does not verify.",
				"https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html",
				cwe(347)));
		t.add(template("api-no-rate-limit", API, "No Rate Limiting on /api/auth/token", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", "CWE-770",
				"Thousands of token requests per minute were accepted without throttling, enabling credential "
						+ "stuffing.",
				"Apply per-client and per-account rate limits with exponential back-off on authentication "
						+ "endpoints.",
				"https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/",
				cwe(770)));
		t.add(template("api-excessive-data", API, "Excessive Data Exposure in /api/v1/users", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", "CWE-213",
				"User objects include password reset tokens and internal flags that the client never displays.",
				"Return explicit response models containing only the fields each client needs.",
				"https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/",
				cwe(213)));
		t.add(template("api-graphql-introspection", API, "GraphQL Introspection Enabled", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-200",
				"The production GraphQL endpoint answers introspection queries, revealing the full schema, including "
						+ "internal mutations.",
				"Disable introspection in production or restrict it to authenticated administrators.", cwe(200)));
		t.add(template("api-swagger-public", API, "API Documentation (Swagger UI) Publicly Accessible", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-200",
				"/swagger-ui/ documents internal endpoints and lets anyone try them.",
				"Publish only public API documentation and protect internal docs with authentication.", cwe(200)));
		t.add(template("api-mass-assignment", API, "Mass Assignment in PATCH /api/v1/profile", "medium",
				"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N", "CWE-915",
				"The role property is bound from the request body, so users can grant themselves administrator "
						+ "rights.",
				"Bind request bodies to explicit input models and ignore server-controlled properties.",
				"https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/",
				cwe(915)));
		t.add(template("api-key-in-url", API, "API Key Accepted in URL Query String", "low",
				"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N", "CWE-598",
				"Keys passed as ?api_key= end up in proxy logs, browser history and Referer headers.",
				"Accept credentials only in request headers and rotate keys that appeared in URLs.", cwe(598)));
		TEMPLATES = Collections.unmodifiableList(t);
		Map<String, FindingTemplate> byId = new LinkedHashMap<>();
		for (FindingTemplate each : t) {
			if (byId.put(each.id(), each) != null) {
				throw new IllegalStateException("duplicate finding template id " + each.id());
			}
		}
		BY_ID = Collections.unmodifiableMap(byId);
	}

	private FindingCatalog() {
	}

	static List<FindingTemplate> all() {
		return TEMPLATES;
	}

	static FindingTemplate get(String id) {
		FindingTemplate template = BY_ID.get(id);
		if (template == null) {
			throw new IllegalArgumentException("unknown finding template " + id);
		}
		return template;
	}

	private static String cwe(int number) {
		return "https://cwe.mitre.org/data/definitions/" + number + ".html";
	}

	private static FindingTemplate template(String id, String category, String title, String severity,
			String vector, String cwe, String description, String remediation, String... references) {
		double score = Cvss31.baseScore(vector);
		if (!Cvss31.severity(score).equals(severity)) {
			throw new IllegalStateException(id + ": severity " + severity + " does not match CVSS " + score);
		}
		return new FindingTemplate(id, category, title, severity, score, vector, cwe, description, remediation,
				List.of(references));
	}

}
