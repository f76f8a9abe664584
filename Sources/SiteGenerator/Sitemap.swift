/// `sitemap.xml` for every page's canonical URL. The protocol allows 50,000 URLs a file, so a
/// larger site gets `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml` becomes their index.
enum Sitemap {
    static let maximumURLsPerFile = 50_000

    /// File name → bytes.
    static func files(urls: [String], base: SiteURL) -> [(name: String, bytes: [UInt8])] {
        guard urls.count > maximumURLsPerFile else { return [("sitemap.xml", urlSet(urls[...]))] }
        var files: [(name: String, bytes: [UInt8])] = []
        var start = 0
        while start < urls.count {
            let end = min(start + maximumURLsPerFile, urls.count)
            files.append(("sitemap-\(files.count + 1).xml", urlSet(urls[start..<end])))
            start = end
        }
        var index = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for file in files { index += "  <sitemap><loc>\(MarkupEscaper.escape(base.absolute(file.name)))</loc></sitemap>\n" }
        index += "</sitemapindex>\n"
        return [("sitemap.xml", Array(index.utf8))] + files
    }

    private static func urlSet(_ urls: ArraySlice<String>) -> [UInt8] {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for url in urls { xml += "  <url><loc>\(MarkupEscaper.escape(url))</loc></url>\n" }
        xml += "</urlset>\n"
        return Array(xml.utf8)
    }
}
