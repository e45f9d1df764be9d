package io.credence.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.credence.Problem;
import io.credence.rulebook.RulebookCompiler;
import io.credence.rulebook.RulebookValidation;
import java.util.List;

/** Reads rulebooks from YAML and hands the tree to the {@link RulebookCompiler}. Thread-safe. */
public final class RulebookCodec {
    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RulebookCodec() {}

    /**
     * Validates and compiles a YAML rulebook. Malformed YAML is one problem with the line it was
     * found on.
     *
     * @param publishedVersion the version now published, or null when none is
     */
    public static RulebookValidation compile(String yaml, Long publishedVersion) {
        Object tree;
        try {
            tree = YAML.readValue(yaml, Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                    : e.getOriginalMessage().lines().findFirst().orElse("");
            return new RulebookValidation(null, List.of(new Problem("", where + "not valid YAML: " + message)),
                    List.of());
        }
        return RulebookCompiler.compile(tree, publishedVersion, yaml);
    }
}
