package io.backstop.api;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.HttpStatusException;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /openapi.yml}: the OpenAPI document of the whole HTTP API, generated from the controllers at compile time
 * (micronaut-openapi) into the jar.
 */
@OpenAPIDefinition(info = @Info(title = "backstop", version = "api",
        description = "Backstop's HTTP API: trigger, list, verify, restore and control backups. POST and DELETE need"
                + " X-API-Key when BACKUP_API_KEY is set, else they are accepted from loopback only."))
@Controller
public class OpenApiController {
    static final String DOCUMENT = "META-INF/swagger/backstop-api.yml";

    @Hidden
    @Get("/openapi.yml")
    @Produces("application/yaml")
    public byte[] document() throws IOException {
        try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new HttpStatusException(HttpStatus.NOT_FOUND, "this build has no OpenAPI document (" + DOCUMENT + ")");
            }
            return in.readAllBytes();
        }
    }
}
