package io.smile.cloud.federation;

import io.quarkus.security.identity.SecurityIdentity;
import io.smile.cloud.api.ApiTokens;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Federations hosted by this service: start one (the cloud becomes its coordinator), list them,
 * follow one round by round. Never shows a sum, a model weight or a centroid.
 */
@Path("/federations")
@Produces(MediaType.APPLICATION_JSON)
public class FederationResource {
    private static final Logger LOG = Logger.getLogger(FederationResource.class);

    @Inject
    FederationHost federations;

    @Inject
    SecurityIdentity caller;

    @POST
    @RolesAllowed(ApiTokens.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(FederationHost.StartRequest request) {
        // audit: which token started it (a released model is installed into the registry)
        LOG.infof("POST /federations by token %s", caller.getPrincipal().getName());
        try {
            FederationHost.Status s = federations.start(request);
            return Response.status(Response.Status.ACCEPTED).entity(s).build();
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST).entity(Map.of("error", String.valueOf(e.getMessage()))).build();
        } catch (IllegalStateException e) {
            return Response.status(Response.Status.CONFLICT).entity(Map.of("error", String.valueOf(e.getMessage()))).build();
        }
    }

    @GET
    @RolesAllowed(ApiTokens.VIEWER)
    public List<FederationHost.Status> list() {
        return federations.list();
    }

    /** The coordinator's public signing key: enrol it as party 0 in the members' rosters. */
    @GET
    @RolesAllowed(ApiTokens.VIEWER)
    @Path("/identity")
    public FederationHost.Identity identity() {
        return federations.coordinatorIdentity();
    }

    @GET
    @RolesAllowed(ApiTokens.VIEWER)
    @Path("/{id}")
    public Response status(@PathParam("id") String id) {
        return federations.status(id).map(s -> Response.ok(s).build())
                .orElse(Response.status(Response.Status.NOT_FOUND).build());
    }
}
