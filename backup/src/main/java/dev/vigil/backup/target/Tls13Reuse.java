package dev.vigil.backup.target;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import java.lang.reflect.Method;

/**
 * TLS 1.3 resumption of the control connection's session on every data connection, for FTPS servers
 * that require it and issue no ticket on data connections (ProFTPD's mod_tls).
 *
 * <p>Under TLS 1.3 a session is resumed with a ticket (a PSK) the server sent. The JDK's client keeps
 * only the newest ticket per host and port and uses each one once: the first data connection consumes
 * it, and a server that sends no new ticket on data connections sees the next one arrive with none
 * ({@code 425 ... client did not reuse TLS session}). OpenSSL clients (curl, Python's ftplib) offer the
 * control connection's ticket again on every data connection, which servers accept. This does the same:
 * the control connection's ticket is kept, and before a data connection, if the JDK's cache has no
 * ticket left for the server, it is put back. It needs {@code --add-opens
 * java.base/sun.security.ssl=ALL-UNNAMED} (the vigil launcher gives it); without it {@link #available()}
 * is false and only servers that send a ticket per data connection (vsftpd) resume under TLS 1.3.
 */
final class Tls13Reuse {
    private static final Logger log = LoggerFactory.getLogger(Tls13Reuse.class);
    private static final Method GET;
    private static final Method PUT;
    private static final Method GET_PSK;
    private static final Method GET_ID;
    private static final Method SET_PSK;
    private static final Method SET_ID;
    private static final String UNAVAILABLE;

    static {
        Method get = null;
        Method put = null;
        Method getPsk = null;
        Method getId = null;
        Method setPsk = null;
        Method setId = null;
        String why = null;
        try {
            Class<?> context = Class.forName("sun.security.ssl.SSLSessionContextImpl");
            Class<?> session = Class.forName("sun.security.ssl.SSLSessionImpl");
            get = context.getDeclaredMethod("get", String.class, int.class);
            put = context.getDeclaredMethod("put", session);
            getPsk = session.getDeclaredMethod("getPreSharedKey");
            getId = session.getDeclaredMethod("getPskIdentity");
            setPsk = session.getDeclaredMethod("setPreSharedKey", SecretKey.class);
            setId = session.getDeclaredMethod("setPskIdentity", byte[].class);
            for (Method m : new Method[] {get, put, getPsk, getId, setPsk, setId}) {
                m.setAccessible(true);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            why = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        GET = get;
        PUT = put;
        GET_PSK = getPsk;
        GET_ID = getId;
        SET_PSK = setPsk;
        SET_ID = setId;
        UNAVAILABLE = why;
    }

    /** The kept ticket: the session object, its PSK and identity. */
    record Ticket(Object session, SecretKey psk, byte[] identity) {
    }

    private Tls13Reuse() {
    }

    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why it is not available (null when it is). */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** The newest ticket the server gave for host:port, or null (none, or not available). */
    static Ticket capture(SSLContext tls, String host, int port) {
        if (!available()) {
            return null;
        }
        try {
            SSLSessionContext ctx = tls.getClientSessionContext();
            Object s = GET.invoke(ctx, host, port);
            if (s == null) {
                return null;
            }
            SecretKey psk = (SecretKey) GET_PSK.invoke(s);
            byte[] id = (byte[]) GET_ID.invoke(s);
            return psk == null || id == null ? null : new Ticket(s, psk, id.clone());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("cannot keep the TLS 1.3 ticket of {}:{}: {}", host, port, e.toString());
            return null;
        }
    }

    /** Before a data connection: when the cache holds no usable ticket for host:port, the kept one is put back. */
    static void rearm(SSLContext tls, String host, int port, Ticket t) {
        if (t == null) {
            return;
        }
        try {
            SSLSessionContext ctx = tls.getClientSessionContext();
            Object current = GET.invoke(ctx, host, port);
            if (current != null && GET_PSK.invoke(current) != null && GET_ID.invoke(current) != null) {
                return; // the server sent a fresh ticket (vsftpd does on every data connection)
            }
            SET_PSK.invoke(t.session(), t.psk());
            SET_ID.invoke(t.session(), t.identity().clone());
            PUT.invoke(ctx, t.session());
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("cannot offer the TLS 1.3 ticket of {}:{} again: {}", host, port, e.toString());
        }
    }
}
