# Varnish in front of Migrants Count (docs/operations.md "A reverse-proxy cache").
# Debian's `varnish` package (7.1): varnishd -a :80 -f /etc/varnish/default.vcl
#
# - Keeps only what the site marks `public` (PublicCacheControlMiddleware gives public
#   pages `public, max-age=0, s-maxage=3600`): for s-maxage, or until a purge.
# - Never keeps an answer that sets a cookie or says private/no-store/no-cache, and
#   never serves a kept page to a request carrying a session, CSRF or messages cookie,
#   an Authorization header, or to the admin and /healthz: those go to the site.
# - PURGE <url> (Wagtail's frontend cache `HTTPBackend`) drops that URL, all its
#   variants; BAN drops every page of the Host it names (core.page_cache.ProxyBackend,
#   for the site chrome and data imports). Both only from the application host.
# - Everything else (POST, other methods) passes to the site untouched.

vcl 4.1;

# The application server: granian, as `make run` starts it (scripts/run.sh).
backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the application host (its web, worker and scheduler processes).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # Lurker-friendly: tests only the object's own headers.
        ban("obj.http.X-Cache-Host == " + req.http.host.lower());
        return (synth(200, "Banned"));
    }
    if (req.url ~ "^/(admin|django-admin)(/|$)" || req.url ~ "^/healthz") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        # Someone signed in, or holding a form: the site answers them itself.
        return (pass);
    }
    if (req.url == "/") {
        # The language redirect reads the language cookie; never kept anyway.
        return (pass);
    }
    # No other cookie changes a public page: drop them so the page can be kept.
    unset req.http.Cookie;
    # Varnish's built-in rules follow: only GET and HEAD are looked up, a request
    # with Authorization passes.
}

sub vcl_backend_response {
    set beresp.http.X-Cache-Host = bereq.http.host.lower();
    if (beresp.http.Cache-Control !~ "(?i)(^|,)\s*public\s*(,|$)") {
        # No public policy (a 404, a redirect, a form): never kept, not even for
        # Varnish's default TTL.
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    # The built-in rules follow: Set-Cookie, private, no-store, no-cache and Vary: *
    # are never kept; the TTL is s-maxage.
}

sub vcl_deliver {
    unset resp.http.X-Cache-Host;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
