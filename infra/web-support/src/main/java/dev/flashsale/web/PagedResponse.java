package dev.flashsale.web;

import java.util.List;
import java.util.function.Function;

/**
 * A page of a list endpoint: {@code {"items": [...], "page": 0, "size": 20, "totalItems": 42, "totalPages": 3}}.
 */
public record PagedResponse<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

    public PagedResponse {
        items = List.copyOf(items);
    }

    public static <T> PagedResponse<T> of(List<T> items, int page, int size, long totalItems) {
        int totalPages = size == 0 ? 0 : (int) ((totalItems + size - 1) / size);
        return new PagedResponse<>(items, page, size, totalItems, totalPages);
    }

    public <R> PagedResponse<R> map(Function<T, R> mapper) {
        return new PagedResponse<>(items.stream().map(mapper).toList(), page, size, totalItems, totalPages);
    }
}
