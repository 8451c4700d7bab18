package io.smile.cloud.api;

import io.quarkus.runtime.Startup;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.smile.cloud.SmileConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * {@code Authorization: Bearer TOKEN} for the REST API. The mechanism only extracts the token; the
 * provider checks it against {@link ApiTokens}. A request without the header stays anonymous, so
 * open routes ({@code /q/health}, {@code /q/metrics}) still answer and every {@code @RolesAllowed}
 * resource answers 401; a wrong token is 401 everywhere; a known token without the role is 403.
 */
public final class ApiTokenAuth {
    private static final Logger LOG = Logger.getLogger(ApiTokenAuth.class);
    private static final String SCHEME = "Bearer";

    private ApiTokenAuth() {
    }

    /** The presented token; toString never shows it. */
    public static final class TokenRequest extends BaseAuthenticationRequest {
        final String token;

        TokenRequest(String token) {
            this.token = token;
        }

        @Override
        public String toString() {
            return "TokenRequest[***]";
        }
    }

    @ApplicationScoped
    public static class Mechanism implements HttpAuthenticationMechanism {
        @Override
        public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
            String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
                return Uni.createFrom().nullItem();
            }
            return identities.authenticate(new TokenRequest(header.substring(SCHEME.length() + 1).trim()));
        }

        @Override
        public Uni<ChallengeData> getChallenge(RoutingContext context) {
            return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME + " realm=\"smile\""));
        }

        @Override
        public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
            return Set.of(TokenRequest.class);
        }

        @Override
        public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
            return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME.toLowerCase()));
        }
    }

    /** Built at start so a malformed token configuration stops the service instead of the first request. */
    @Startup
    @ApplicationScoped
    public static class Provider implements IdentityProvider<TokenRequest> {
        @Inject
        SmileConfig config;

        private ApiTokens tokens;

        @PostConstruct
        void load() {
            tokens = ApiTokens.of(config.api().tokens());
            if (tokens.size() == 0) {
                LOG.warn("REST API: no token configured (smile.api.tokens.*): every endpoint except /q/health and /q/metrics answers 401");
            } else {
                LOG.infof("REST API: %d bearer token(s) configured: %s", tokens.size(), String.join(", ", tokens.names()));
            }
        }

        @Override
        public Class<TokenRequest> getRequestType() {
            return TokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenRequest request, AuthenticationRequestContext context) {
            return tokens.match(request.token)
                    .map(e -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(e.name())).addRoles(e.roles())
                            .addAttribute(ApiTokens.UNITS_ATTRIBUTE, e.units()).build()))
                    .orElseGet(() -> {
                        LOG.debug("REST API: a request with an unknown bearer token was refused");
                        return Uni.createFrom().failure(new AuthenticationFailedException("unknown token"));
                    });
        }
    }
}
