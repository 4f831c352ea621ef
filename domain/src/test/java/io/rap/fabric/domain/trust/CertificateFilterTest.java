package io.rap.fabric.domain.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rap.fabric.domain.infrastructure.crypto.Pki;
import io.rap.fabric.domain.shared.ValidationException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CertificateFilterTest {

    @Test
    void defaultsToEveryCertificateEndingSoonestFirstWithASevenDayWindow() {
        CertificateFilter filter = new CertificateFilter(null, null, null, null, true);
        assertThat(filter.view()).isEqualTo(CertificateFilter.ALL);
        assertThat(filter.sortBy()).isEqualTo("notAfter");
        assertThat(filter.expiringWithin()).isEqualTo(Duration.ofDays(7));
        assertThat(CertificateFilter.all()).isEqualTo(filter);
    }

    @Test
    void refusesUnknownViewsSortFieldsAndWindowsOutOfRange() {
        assertThatThrownBy(() -> CertificateFilter.all().showing("valid")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("valid");
        assertThatThrownBy(() -> new CertificateFilter(null, null, null, "i.id; drop table x", true))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> CertificateFilter.all().expiringWithin(Duration.ZERO))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> CertificateFilter.all().expiringWithin(Duration.ofDays(366)))
                .isInstanceOf(ValidationException.class);
        assertThat(CertificateFilter.all().expiringWithin(Duration.ofDays(365)).expiringWithin())
                .isEqualTo(Duration.ofDays(365));
    }

    @Test
    void namesTheKeyAlgorithmAsAPersonComparesItWithAPolicy() {
        Instant now = Instant.now();
        X509Certificate ca = Pki.selfSignedCa(Pki.newEcKeyPair(), "test CA", "unit", now, now.plusSeconds(60));
        assertThat(TrustOverviewService.keyAlgorithm(ca)).isEqualTo("EC P-256 / SHA256withECDSA");
    }
}
