package io.smile.cloud.api;

import io.smile.cloud.scoring.ModelRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The loaded models' public description: id, version, feature names, creation time, quality. Never weights. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    @Inject
    ModelRegistry models;

    @GET
    @RolesAllowed(ApiTokens.VIEWER)
    public List<ModelRegistry.ModelInfo> list() {
        return models.infos();
    }
}
