package dev.vigil.core.alarm.sink;

import dev.vigil.core.alarm.Alarm;
import dev.vigil.core.alarm.AlarmStore;
import dev.vigil.core.alarm.AlarmsConfig;
import dev.vigil.core.alarm.Event;
import dev.vigil.core.config.SecretRef;
import dev.vigil.core.tls.TlsTrust;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Email through SMTP (Angus Mail): one message per delivery, listing every event of the batch, raises and
 * clears alike. STARTTLS is always required and the server's certificate and host name verified (the
 * system store or {@code ca_file}); a server that offers no STARTTLS is refused, never sent to in clear.
 * The login, when configured, is {@code username} with {@code password_env}/{@code password_file}.
 */
public final class EmailSink extends EventSink {
    private final Map<String, String> env;

    public EmailSink(AlarmsConfig.Sink config, Map<String, String> env) {
        super(config);
        this.env = env;
    }

    @Override
    void send(List<AlarmStore.Queued> events) throws IOException {
        URI u = URI.create(config.url());
        long timeout = config.timeoutOrDefault().toMillis();
        Properties p = new Properties();
        p.put("mail.smtp.host", u.getHost());
        p.put("mail.smtp.port", String.valueOf(u.getPort()));
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.connectiontimeout", String.valueOf(timeout));
        p.put("mail.smtp.timeout", String.valueOf(timeout));
        p.put("mail.smtp.writetimeout", String.valueOf(timeout));
        try {
            p.put("mail.smtp.ssl.socketFactory", TlsTrust.context(config.caFile() == null ? null : Path.of(config.caFile())).getSocketFactory());
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(config.id() + ": cannot set up TLS: " + e.getMessage(), e);
        }
        SecretRef password = SecretRef.ofEither(config.passwordEnv(), config.passwordFile(), "smtp password");
        p.put("mail.smtp.auth", String.valueOf(password != null));
        Session session = Session.getInstance(p);
        try {
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress(config.email().from()));
            for (String to : config.email().to()) {
                m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            m.setSubject(subject(events), "UTF-8");
            m.setText(body(events), "UTF-8");
            m.setSentDate(new Date());
            m.setHeader("X-Vigil-Events", events.get(0).seq() + "-" + events.get(events.size() - 1).seq());
            if (password != null) {
                Transport.send(m, config.username(), new String(password.resolve(env)));
            } else {
                Transport.send(m);
            }
        } catch (MessagingException e) {
            throw new IOException(config.id() + ": " + u.getHost() + ":" + u.getPort() + ": " + rootMessage(e), e);
        }
    }

    /** "[vigil] 2 raised, 1 cleared: node-3 heartbeat" (the first event's node and item). */
    static String subject(List<AlarmStore.Queued> events) {
        Alarm first = events.get(0).event().alarm();
        return "[vigil] " + Event.counts(events.stream().map(AlarmStore.Queued::event).toList()) + ": " + first.node() + " " + first.item()
                + (events.size() > 1 ? " and " + (events.size() - 1) + " more" : "");
    }

    static String body(List<AlarmStore.Queued> events) {
        StringBuilder b = new StringBuilder();
        for (AlarmStore.Queued q : events) {
            Alarm a = q.event().alarm();
            b.append(q.event().kind().label().toUpperCase(java.util.Locale.ROOT)).append("  ").append(a.severity()).append("  ").append(a.node())
                    .append("  ").append(a.item()).append('\n')
                    .append("    ").append(a.summary() == null ? "" : a.summary()).append('\n')
                    .append("    source ").append(a.source()).append(", first seen ").append(a.firstSeen()).append(", at ").append(q.event().at())
                    .append(", event ").append(q.seq()).append(a.report() == null ? "" : ", report " + a.report()).append("\n\n");
        }
        return b.append("-- \nVigil. vigil alarms list shows what is firing; vigil alarms ack ALARM silences one.\n").toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
