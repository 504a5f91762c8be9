package dev.vigil.backup.target;

import dev.vigil.backup.BackupConfig;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.error.UsageException;
import dev.vigil.core.state.StateDir;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes a {@link Target} from a name in vigil.yaml or a URL on the command line:
 * {@code file:///srv/backups}, {@code ftpes://user@host[:port]/dir} (explicit TLS, port 21) or
 * {@code ftps://user@host[:port]/dir} (implicit TLS, port 990), {@code smb://[DOMAIN;]user@host/share/dir}
 * (SMB 2/3, signed and encrypted). A password never comes from the URL:
 * it comes from {@code VIGIL_TARGET_PASSWORD}, the target's password_env or password_file, or
 * --password-file.
 */
public final class Targets {
    public static final String PASSWORD_ENV = "VIGIL_TARGET_PASSWORD";

    static {
        // TLS 1.2 servers such as vsftpd issue session tickets with a lifetime the JDK discards; a
        // client that offered the ticket extension then cannot resume on the data connection
        // (require_ssl_reuse). Without the extension the server's session-id cache is used, which
        // resumes. The JDK reads this once, before its first TLS connection, so it is set here, before
        // any TLS context is made; the launcher sets it as well.
        if (System.getProperty("jdk.tls.client.enableSessionTicketExtension") == null) {
            System.setProperty("jdk.tls.client.enableSessionTicketExtension", "false");
        }
    }

    private Targets() {
    }

    /** Options from the command line that override the configuration. */
    public record Overrides(Path passwordFile, Path caFile) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    /**
     * @param nameOrUrl a target name, a URL, or null for the configured default (else the state dir's)
     */
    public static Target resolve(String nameOrUrl, BackupConfig config, Path stateDir, Map<String, String> env, Overrides o) {
        if (nameOrUrl == null) {
            nameOrUrl = config.target();
        }
        if (nameOrUrl == null) {
            Path dir = new StateDir(stateDir).backups();
            return new LocalTarget(dir, "file://" + dir);
        }
        BackupConfig.TargetConfig tc = config.targets().get(nameOrUrl);
        if (tc == null && !nameOrUrl.contains("://")) {
            throw new UsageException("unknown target '" + nameOrUrl + "': name one of " + config.targets().keySet()
                    + " or give a URL (file:///dir, ftpes://user@host/dir, ftps://user@host/dir)");
        }
        String url = tc != null ? tc.url() : nameOrUrl;
        String display = tc != null ? nameOrUrl : url;
        return fromUrl(url, display, tc, env, o);
    }

    /** What opens a target of one URL scheme; one entry per scheme in {@link #SCHEMES}, restic's location registry being the model. */
    @FunctionalInterface
    interface Scheme {
        Target open(URI uri, String url, String display, BackupConfig.TargetConfig tc, Map<String, String> env, Overrides o);
    }

    /** The target kinds by URL scheme: adding one is a Target class and one entry here. Plain ftp is not offered. */
    static final Map<String, Scheme> SCHEMES = Map.of(
            "file", Targets::local,
            "ftpes", Targets::ftps,
            "ftps", Targets::ftps,
            "ftp", Targets::ftps,
            "smb", Targets::smb);

    static Target fromUrl(String url, String display, BackupConfig.TargetConfig tc, Map<String, String> env, Overrides o) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new UsageException("not a target URL: " + url + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        Scheme kind = SCHEMES.get(scheme);
        if (kind == null) {
            throw new UsageException("unsupported target scheme '" + scheme + "' in " + url
                    + " (file, ftpes for explicit TLS, ftps for implicit TLS, smb for a file share; ftp only for a configured target with allow_plain_ftp: true)");
        }
        return kind.open(uri, url, display, tc, env, o);
    }

    private static Target local(URI uri, String url, String display, BackupConfig.TargetConfig tc, Map<String, String> env, Overrides o) {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
            // file://tmp/x names host "tmp" and path /x: refused rather than writing to /x
            throw new UsageException("a file target URL has no host part: '" + url + "' names host '" + uri.getRawAuthority()
                    + "'; write file:///" + uri.getRawAuthority() + (uri.getPath() == null ? "" : uri.getPath()) + " (three slashes)");
        }
        if (uri.getPath() == null || uri.getPath().isEmpty() || !uri.getPath().startsWith("/")) {
            throw new UsageException("a file target needs an absolute path: file:///srv/backups");
        }
        return new LocalTarget(Path.of(uri.getPath()), display);
    }

    private static Target ftps(URI uri, String url, String display, BackupConfig.TargetConfig tc, Map<String, String> env, Overrides o) {
        String scheme = uri.getScheme();
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw new UsageException("a password in the target URL is refused: give it in " + PASSWORD_ENV + " or --target-password-file");
        }
        if (uri.getHost() == null || uri.getUserInfo() == null) {
            throw new UsageException("an FTPS target needs user@host: " + scheme + "://user@host[:port]/dir");
        }
        boolean implicit = scheme.equals("ftps");
        boolean plain = scheme.equals("ftp");
        if (plain && (tc == null || !tc.allowPlainFtp())) {
            throw new UsageException(display + ": plain ftp:// sends the password and the backups unencrypted and is refused;"
                    + " use ftpes:// or ftps://, or, for a server that has no TLS, configure the target with allow_plain_ftp: true");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : implicit ? 990 : 21;
        Path ca = o.caFile() != null ? o.caFile() : tc != null && tc.caFile() != null ? Path.of(tc.caFile()) : null;
        try {
            dev.vigil.core.tls.TlsTrust.context(ca);
        } catch (IOException | GeneralSecurityException e) {
            throw new UsageException("cannot read the CA file " + ca + ": " + e.getMessage());
        }
        FtpsTarget.TlsFactory tls = () -> dev.vigil.core.tls.TlsTrust.context(ca);
        Supplier<char[]> password = password(tc, o, env, display);
        String dir = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        FtpsTarget.Security security = new FtpsTarget.Security(tc == null ? null : protocols(tc.tlsMinVersion(), tc.tlsMaxVersion()), plain);
        return new RetryingTarget(new FtpsTarget(display, uri.getHost(), port, implicit, uri.getUserInfo(), dir, password, tls,
                Durations.parse(tc != null ? tc.timeout() : "60s"), security), tc != null ? tc.retries() : 3,
                Durations.parse(tc != null ? tc.backoff() : "2s"));
    }

    /** The JDK's names of the TLS versions from min to max ("1.2".."1.3"). */
    static java.util.List<String> protocols(String min, String max) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String v : java.util.List.of("1.2", "1.3")) {
            if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
                out.add("TLSv" + v);
            }
        }
        return out;
    }

    /** smb://[DOMAIN;]user@host[:port]/share[/dir]: SMB 2/3 with signing and encryption unless the target relaxes them. */
    private static Target smb(URI uri, String url, String display, BackupConfig.TargetConfig tc, Map<String, String> env, Overrides o) {
        String info = uri.getUserInfo();
        if (info != null && info.contains(":")) {
            throw new UsageException("a password in the target URL is refused: give it in " + PASSWORD_ENV + " or --target-password-file");
        }
        if (uri.getHost() == null || info == null || info.isEmpty()) {
            throw new UsageException("an SMB target needs user@host and a share: smb://[DOMAIN;]user@host/share/dir");
        }
        String domain = tc != null ? tc.domain() : null;
        String user = info;
        int semi = info.indexOf(';');
        if (semi >= 0) {
            domain = info.substring(0, semi);
            user = info.substring(semi + 1);
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "");
        if (path.isEmpty()) {
            throw new UsageException("an SMB target needs a share: smb://user@host/share/dir");
        }
        String share = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        String dir = path.contains("/") ? path.substring(path.indexOf('/') + 1) : "";
        Supplier<char[]> password = password(tc, o, env, display);
        int port = uri.getPort() > 0 ? uri.getPort() : 445;
        return new RetryingTarget(new SmbTarget(display, uri.getHost(), port, domain, user, share, dir, password,
                Durations.parse(tc != null ? tc.timeout() : "60s"), tc == null || tc.smbSign(), tc == null || tc.smbEncrypt()),
                tc != null ? tc.retries() : 3, Durations.parse(tc != null ? tc.backoff() : "2s"));
    }

    /** The inventory var naming a node's pull source: its backup set is read from that share instead of over SSH. */
    public static final String SOURCE_VAR = "vigil_backup_source";

    /**
     * A node's pull source ({@code vigil_backup_source: smb://[DOMAIN;]user@host/share/dir}, with
     * {@code vigil_backup_source_password_env} / {@code _password_file} and {@code _domain}), or null for a node
     * backed up over SSH.
     */
    public static SmbTarget source(dev.vigil.core.inventory.Node node, Map<String, String> env) {
        Map<String, String> v = node.vars();
        String url = v.get(SOURCE_VAR);
        if (url == null || url.isBlank()) {
            return null;
        }
        if (!url.startsWith("smb://")) {
            throw new UsageException("node " + node.name() + ": " + SOURCE_VAR + " must be an smb:// URL (smb://[DOMAIN;]user@host/share/dir)");
        }
        BackupConfig.TargetConfig tc;
        try {
            tc = new BackupConfig.TargetConfig(url, v.get(SOURCE_VAR + "_password_env"), v.get(SOURCE_VAR + "_password_file"), null,
                    null, 0, null, null, null, null, v.get(SOURCE_VAR + "_domain"), null, null);
        } catch (IllegalArgumentException e) {
            throw new UsageException("node " + node.name() + ": " + e.getMessage());
        }
        Target t = fromUrl(url, node.name() + "'s source", tc, env, Overrides.NONE);
        return (SmbTarget) ((RetryingTarget) t).inner();
    }

    /** A network target's password, read when a connection is made: --target-password-file, the target's reference, else VIGIL_TARGET_PASSWORD. */
    private static Supplier<char[]> password(BackupConfig.TargetConfig tc, Overrides o, Map<String, String> env, String display) {
        SecretRef secret = secret(tc, o);
        return () -> {
            if (secret != null) {
                return secret.resolve(env);
            }
            String s = env.get(PASSWORD_ENV);
            if (s == null) {
                throw new UsageException("no password for " + display + ": set " + PASSWORD_ENV + " or give --target-password-file");
            }
            return s.toCharArray();
        };
    }

    private static SecretRef secret(BackupConfig.TargetConfig tc, Overrides o) {
        if (o.passwordFile() != null) {
            return SecretRef.file(o.passwordFile().toString());
        }
        if (tc == null) {
            return null;
        }
        try {
            return SecretRef.ofEither(tc.passwordEnv(), tc.passwordFile(), "target password");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
