package dev.vigil.core.text;

/** URLs as they may be shown: a URL's userinfo (user:password@) never reaches a message, a log or a report. */
public final class Urls {
    private Urls() {
    }

    /** The URL with any userinfo replaced by "***@": https://u:p@am:9093/x becomes https://***@am:9093/x. */
    public static String redacted(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(?i)^([a-z][a-z0-9+.-]*://)[^/@?#]*@", "$1***@");
    }

    /** True when the URL carries userinfo (a user, or user:password). */
    public static boolean hasUserinfo(String url) {
        return url != null && !redacted(url).equals(url);
    }
}
