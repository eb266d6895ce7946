package dev.modelperf.query.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFileTest {

    @Test
    void readsKeyTenantAndRoleSkippingCommentsAndBlankLines() {
        KeyFile keys = KeyFile.parse(List.of(
                "# key,tenant,role",
                "",
                "acme-ingest-0123456789,acme,ingest",
                " acme-read-0123456789 , acme , READ ",
                "ops-admin-0123456789,ops,admin"), "keys.csv");

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.find("acme-ingest-0123456789")).isEqualTo(new Caller("acme", Role.INGEST));
        assertThat(keys.find("acme-read-0123456789")).isEqualTo(new Caller("acme", Role.READ));
        assertThat(keys.find("ops-admin-0123456789")).isEqualTo(new Caller("ops", Role.ADMIN));
        assertThat(keys.find("acme-read-012345678")).isNull();
    }

    @Test
    void anErrorNamesTheFileAndLine() {
        assertThatThrownBy(() -> KeyFile.parse(List.of("acme-read-0123456789,acme,read", "x0123456789abcdefg,acme,owner"), "keys.csv"))
                .hasMessage("keys.csv line 2: role 'owner' must be one of ingest, read, admin");
        assertThatThrownBy(() -> KeyFile.parse(List.of("short,acme,read"), "keys.csv"))
                .hasMessageStartingWith("keys.csv line 1: the key must be at least 16 characters");
        assertThatThrownBy(() -> KeyFile.parse(List.of("acme-read-0123456789,Acme Corp,read"), "keys.csv"))
                .hasMessageStartingWith("keys.csv line 1: tenant 'Acme Corp' must match");
        assertThatThrownBy(() -> KeyFile.parse(List.of("acme-read-0123456789,acme"), "keys.csv"))
                .hasMessage("keys.csv line 1: must be key,tenant,role (2 fields)");
        assertThatThrownBy(() -> KeyFile.parse(List.of("acme-read-0123456789,acme,read", "acme-read-0123456789,ops,admin"), "k"))
                .hasMessage("k line 2: the same key appears on an earlier line");
    }
}
