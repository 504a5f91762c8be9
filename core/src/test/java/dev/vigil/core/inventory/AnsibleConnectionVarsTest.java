package dev.vigil.core.inventory;

import dev.vigil.core.config.ShellWords;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** host:port as Ansible's parse_address splits it, shlex-style words, and the jump host in ansible_ssh_*_args. */
class AnsibleConnectionVarsTest {
    @Test
    void hostPort_asParseAddressSplitsIt() {
        assertThat(HostAddress.parse("badwolf.example.com:5309")).isEqualTo(new HostAddress("badwolf.example.com", 5309));
        assertThat(HostAddress.parse("192.0.2.50:2222")).isEqualTo(new HostAddress("192.0.2.50", 2222));
        assertThat(HostAddress.parse("[2001:db8::1]:2222")).isEqualTo(new HostAddress("2001:db8::1", 2222));
        assertThat(HostAddress.parse("2001:db8::1")).as("a bare IPv6 address has no port").isEqualTo(new HostAddress("2001:db8::1", null));
        assertThat(HostAddress.parse("www[01:50].example.com:2200")).isEqualTo(new HostAddress("www[01:50].example.com", 2200));
        assertThat(HostAddress.parse("db-[a:f]")).isEqualTo(new HostAddress("db-[a:f]", null));
        assertThat(HostAddress.parse("plain")).isEqualTo(new HostAddress("plain", null));
        assertThat(HostAddress.parse("not a host:22")).as("not a host name: taken literally").isEqualTo(new HostAddress("not a host:22", null));
    }

    @Test
    void words_asShlexSplitsThem() {
        assertThat(ShellWords.split("h a=\"b c\"d e='f g' # comment", true)).containsExactly("h", "a=b cd", "e=f g");
        assertThat(ShellWords.split("h x=foo#bar", true)).as("shlex ends the line at # even in a word").containsExactly("h", "x=foo");
        assertThat(ShellWords.split("-o \"ProxyCommand=ssh -W %h:%p b\"", false)).containsExactly("-o", "ProxyCommand=ssh -W %h:%p b");
        assertThat(ShellWords.split("a\\ b \"q\\\"x\"", false)).containsExactly("a b", "q\"x");
        assertThatThrownBy(() -> ShellWords.split("a 'open", false)).hasMessageContaining("no closing quotation");
    }

    @Test
    void sshArgs_giveTheJumpHostOrProxyCommand_firstOneWins() {
        assertThat(AnsibleSshArgs.of(Map.of("ansible_ssh_common_args", "-o ProxyJump=ops@bastion:2222")).proxyJump())
                .isEqualTo("ops@bastion:2222");
        assertThat(AnsibleSshArgs.of(Map.of("ansible_ssh_extra_args", "-C -J j1,j2")).proxyJump()).isEqualTo("j1,j2");
        assertThat(AnsibleSshArgs.of(Map.of("ansible_ssh_extra_args", "-Jj1")).proxyJump()).isEqualTo("j1");
        assertThat(AnsibleSshArgs.of(Map.of("ansible_ssh_common_args", "-o 'ProxyJump j3'")).proxyJump()).isEqualTo("j3");
        assertThat(AnsibleSshArgs.of(Map.of("ansible_ssh_common_args", "-o ProxyCommand=\"ssh -W %h:%p -q ops@bastion\"")).proxyCommand())
                .isEqualTo("ssh -W %h:%p -q ops@bastion");
        AnsibleSshArgs both = AnsibleSshArgs.of(Map.of("ansible_ssh_common_args", "-o ProxyJump=first",
                "ansible_ssh_extra_args", "-J second -o ProxyCommand=third"));
        assertThat(both).as("common args come first on ssh's command line, and the first value wins").isEqualTo(new AnsibleSshArgs("first", null));
        assertThat(AnsibleSshArgs.of(Map.of("ansible_ssh_common_args", "-o StrictHostKeyChecking=no"))).isEqualTo(AnsibleSshArgs.NONE);
        assertThatThrownBy(() -> AnsibleSshArgs.of(Map.of("ansible_ssh_common_args", "-J"))).hasMessageContaining("ansible_ssh_common_args: -J needs a value");
    }

    @Test
    void ungrouped_holdsOnlyHostsOfNoOtherGroup_andUndefinedChildrenAreRefused() {
        Inventory inv = AnsibleIniInventoryParser.parse("lonely\nalso-grouped\n[web]\nalso-grouped\n", "hosts");
        assertThat(inv.groups().get("ungrouped")).containsExactly("lonely");
        assertThat(inv.node("also-grouped").groups()).containsExactly("web");
        Inventory later = AnsibleIniInventoryParser.parse("[usa:children]\nsoutheast\n[southeast]\nh1\n", "hosts");
        assertThat(later.node("h1").groups()).as("a child may be declared after it is named").containsExactlyInAnyOrder("usa", "southeast");
        assertThatThrownBy(() -> AnsibleIniInventoryParser.parse("[usa:children]\nsoutheast\nnortheast\n[southeast]\nh1\n", "hosts"))
                .isInstanceOf(InventoryFormatException.class)
                .hasMessage("hosts:3:1: [usa:children] names group 'northeast', which is never defined (add a [northeast] section)");
        assertThatThrownBy(() -> AnsibleIniInventoryParser.parse("[web]\nw1\n[db:vars]\nport=5432\n", "hosts"))
                .hasMessage("hosts:3:1: [db:vars] is for group 'db', which is never defined (add a [db] section)");
    }

    @Test
    void groupPriority_decidesBetweenGroupsOfTheSameDepth() {
        String ini = "[a]\nh\n[b]\nh\n[a:vars]\ntier=a\n[b:vars]\ntier=b\n";
        assertThat(AnsibleIniInventoryParser.parse(ini, "hosts").node("h").vars()).as("by name, b is applied last").containsEntry("tier", "b");
        Inventory prio = AnsibleIniInventoryParser.parse(ini + "[a:vars]\nansible_group_priority=10\n", "hosts");
        assertThat(prio.node("h").vars()).containsEntry("tier", "a").doesNotContainKey("ansible_group_priority");
        assertThat(List.of(prio.node("h").port() == null)).containsExactly(true);
    }

    @Test
    void become_asAnsibleReadsIt_perNodeOrGroup_passwordByReferenceOnly() {
        assertThat(Become.of(Map.of())).isNull();
        assertThat(Become.of(Map.of("ansible_become", "no"))).isNull();
        Become b = Become.of(Map.of("ansible_become", "yes"));
        assertThat(b.method()).isEqualTo(Become.Method.SUDO);
        assertThat(b.user()).isEqualTo("root");
        assertThat(b.password()).isNull();
        Become p = Become.of(Map.of("ansible_become", "True", "ansible_become_user", "postgres",
                "ansible_become_password_file", "/etc/vigil/become"));
        assertThat(p.user()).isEqualTo("postgres");
        assertThat(p.password()).hasToString("file:/etc/vigil/become");
        assertThat(Become.of(Map.of("ansible_become", "1", "ansible_become_method", "su")).method()).isEqualTo(Become.Method.SU);
        assertThatThrownBy(() -> Become.of(Map.of("ansible_become", "maybe"))).hasMessageContaining("is not a boolean");
        assertThatThrownBy(() -> Become.of(Map.of("ansible_become", "yes", "ansible_become_method", "su",
                "ansible_become_password_env", "X"))).hasMessageContaining("su reads the password only from a terminal");
        assertThatThrownBy(() -> Become.of(Map.of("ansible_become", "yes", "ansible_become_user", "root; rm -rf /")))
                .hasMessageContaining("is not a user name");

        Inventory inv = AnsibleIniInventoryParser.parse("[db]\ndb-1\n[db:vars]\nansible_become=yes\nansible_become_password=inline\n", "hosts");
        assertThat(inv.node("db-1").vars()).containsEntry("ansible_become", "yes").doesNotContainKey("ansible_become_password");
        assertThat(inv.warnings()).singleElement().asString().contains("db-1:ansible_become_password").doesNotContain("inline\n");
    }
}
