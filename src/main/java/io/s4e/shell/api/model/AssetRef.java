package io.s4e.shell.api.model;

/** The short asset reference a finding carries. */
public record AssetRef(String id, String name, String type) {
}
