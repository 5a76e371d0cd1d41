import ArenaTesting
import Testing

/// Telegram's MarkdownV2 as the Bot API documents it, parsed without a server.
@Suite struct MarkdownV2Tests {
    typealias Entity = TelegramMarkdownV2.Entity

    /// The block of examples in the Bot API's "MarkdownV2 style" section.
    static let docsExample = #"""
        *bold \*text*
        _italic \*text_
        __underline__
        ~strikethrough~
        ||spoiler||
        *bold _italic bold ~italic bold strikethrough ||italic bold strikethrough spoiler||~ __underline italic bold___ bold*
        [inline URL](http://www.example.com/)
        [inline mention of a user](tg://user?id=123456789)
        ![👍](tg://emoji?id=5368324170671202286)
        `inline fixed-width code`
        ```
        pre-formatted fixed-width code block
        ```
        ```python
        pre-formatted fixed-width code block written in the Python programming language
        ```
        >Block quotation started
        >Block quotation continued
        >Block quotation continued
        >Block quotation continued
        >The last line of the block quotation
        **>The expandable block quotation started right after the previous block quotation
        >It is separated from the previous block quotation by an empty bold entity
        >Expandable block quotation continued
        >Hidden by default part of the expandable block quotation started
        >Expandable block quotation continued
        >The last line of the expandable block quotation with the expandability mark||
        """#

    @Test func theDocsExampleParsesToItsPlainTextAndEntities() throws {
        let (text, entities) = try TelegramMarkdownV2.parse(Self.docsExample)
        #expect(text == """
            bold *text
            italic *text
            underline
            strikethrough
            spoiler
            bold italic bold italic bold strikethrough italic bold strikethrough spoiler underline italic bold bold
            inline URL
            inline mention of a user
            👍
            inline fixed-width code
            pre-formatted fixed-width code block

            pre-formatted fixed-width code block written in the Python programming language

            Block quotation started
            Block quotation continued
            Block quotation continued
            Block quotation continued
            The last line of the block quotation
            The expandable block quotation started right after the previous block quotation
            It is separated from the previous block quotation by an empty bold entity
            Expandable block quotation continued
            Hidden by default part of the expandable block quotation started
            Expandable block quotation continued
            The last line of the expandable block quotation with the expandability mark
            """)
        // Offsets worked out by hand from the rules (UTF-16 units; 👍 is two); a quotation ended by
        // a line break holds that line break, as in TDLib.
        #expect(entities == [
            Entity(type: "bold", offset: 0, length: 10),
            Entity(type: "italic", offset: 11, length: 12),
            Entity(type: "underline", offset: 24, length: 9),
            Entity(type: "strikethrough", offset: 34, length: 13),
            Entity(type: "spoiler", offset: 48, length: 7),
            Entity(type: "bold", offset: 56, length: 103),
            Entity(type: "italic", offset: 61, length: 93),
            Entity(type: "strikethrough", offset: 73, length: 59),
            Entity(type: "spoiler", offset: 99, length: 33),
            Entity(type: "underline", offset: 133, length: 21),
            Entity(type: "text_link", offset: 160, length: 10, url: "http://www.example.com/"),
            Entity(type: "text_mention", offset: 171, length: 24, user: .init(id: 123_456_789)),
            Entity(type: "custom_emoji", offset: 196, length: 2, customEmojiID: "5368324170671202286"),
            Entity(type: "code", offset: 199, length: 23),
            Entity(type: "pre", offset: 223, length: 37),
            Entity(type: "pre", offset: 261, length: 80, language: "python"),
            Entity(type: "blockquote", offset: 342, length: 139),
            Entity(type: "expandable_blockquote", offset: 481, length: 368),
        ])
    }

    @Test(arguments: Array("_*[]()~`>#+-=|{}.!"))
    func aReservedCharacterIsRefusedBareAndTakenEscaped(_ character: Character) throws {
        #expect(throws: TelegramMarkdownV2.ParseError.self) { try TelegramMarkdownV2.parse("1\(character)2") }
        let escaped = try TelegramMarkdownV2.parse("1\\\(character)2")
        #expect(escaped.text == "1\(character)2")
        #expect(escaped.entities.isEmpty)
    }

    @Test(arguments: Array("]()#+-={}.!>|"))
    func aReservedCharacterThatOpensNothingIsRefusedInTelegramsWords(_ character: Character) {
        #expect(throws: TelegramMarkdownV2.ParseError(reason: "Character '\(character)' is reserved and must be escaped with the preceding '\\'")) {
            try TelegramMarkdownV2.parse("Price 1\(character)2")
        }
    }

    @Test func anUnclosedEntityIsRefusedWithItsByteOffset() {
        let cases: [(String, String)] = [
            ("*bold", "Can't find end of Bold entity at byte offset 0"),
            ("é _x", "Can't find end of Italic entity at byte offset 3"),  // é is two bytes
            ("a __b", "Can't find end of Underline entity at byte offset 2"),
            ("~s", "Can't find end of Strikethrough entity at byte offset 0"),
            ("||s", "Can't find end of Spoiler entity at byte offset 0"),
            ("`c", "Can't find end of Code entity at byte offset 0"),
            ("```\nc", "Can't find end of Pre entity at byte offset 0"),
            ("```swift\nc", "Can't find end of PreCode entity at byte offset 0"),
            ("[a", "Can't find end of TextUrl entity at byte offset 0"),
            ("[a](http://e.com", "Can't find end of a URL at byte offset 4"),
        ]
        for (text, reason) in cases {
            #expect(throws: TelegramMarkdownV2.ParseError(reason: reason), "\(text)") { try TelegramMarkdownV2.parse(text) }
        }
        #expect(TelegramMarkdownV2.ParseError(reason: "x").description == "can't parse entities: x")
    }

    @Test func codeTakesEscapedBackticksAndBackslashesAndLeavesOtherReservedCharacters() throws {
        let code = try TelegramMarkdownV2.parse(#"run `a\`b\\c.d_e*f` now"#)
        #expect(code.text == #"run a`b\c.d_e*f now"#)
        #expect(code.entities == [Entity(type: "code", offset: 4, length: 11)])

        let pre = try TelegramMarkdownV2.parse("```swift\nlet path = \"C:\\\\x\" // \\` (1.0)\n```")
        #expect(pre.text == "let path = \"C:\\x\" // ` (1.0)\n")
        #expect(pre.entities == [Entity(type: "pre", offset: 0, length: 29, language: "swift")])

        // A bare backtick ends the code; what follows is outside it again.
        #expect(throws: TelegramMarkdownV2.ParseError(reason: "Character '.' is reserved and must be escaped with the preceding '\\'")) {
            try TelegramMarkdownV2.parse("`a`b.c`")
        }
        // Nothing nests inside code.
        #expect(try TelegramMarkdownV2.parse("`*x*`").entities == [Entity(type: "code", offset: 0, length: 3)])
    }

    @Test func linksEscapeTheirClosingParenthesisAndBackslash() throws {
        let link = try TelegramMarkdownV2.parse(#"[P\&L \(1\.5\)](https://example.com/a_(b\)?q=1\\2)"#)
        #expect(link.text == "P&L (1.5)")
        #expect(link.entities == [Entity(type: "text_link", offset: 0, length: 9, url: #"https://example.com/a_(b)?q=1\2"#)])

        // An unescaped ')' ends the URL; the one after it is then a bare reserved character.
        #expect(throws: TelegramMarkdownV2.ParseError(reason: "Character ')' is reserved and must be escaped with the preceding '\\'")) {
            try TelegramMarkdownV2.parse("[a](http://e.com/x)y)")
        }
        // No scheme means http; a URL Telegram does not take keeps its text without the entity.
        #expect(try TelegramMarkdownV2.parse("[site](example.com)").entities == [Entity(type: "text_link", offset: 0, length: 4, url: "http://example.com/")])
        #expect(try TelegramMarkdownV2.parse("[x](nohost)") == ("x", []))
    }

    @Test func doubleUnderscoreIsAlwaysUnderlineSoItalicUnderlineNeedsTheCarriageReturn() throws {
        let parsed = try TelegramMarkdownV2.parse("___italic underline_\r__")
        #expect(parsed.text == "italic underline")
        #expect(parsed.entities == [Entity(type: "italic", offset: 0, length: 16), Entity(type: "underline", offset: 0, length: 16)])
        #expect(throws: TelegramMarkdownV2.ParseError(reason: "Can't find end of Italic entity at byte offset 21")) {
            try TelegramMarkdownV2.parse("___italic underline___")
        }
    }

    @Test func offsetsCountUTF16UnitsAndEmptyEntitiesVanish() throws {
        let parsed = try TelegramMarkdownV2.parse("😀 *bold* a**b \\a")
        #expect(parsed.text == "😀 bold ab a")
        #expect(parsed.entities == [Entity(type: "bold", offset: 3, length: 4)])
    }

    @Test func aQuotationRunsToTheFirstLineNotStartingWithTheMark() throws {
        let parsed = try TelegramMarkdownV2.parse(">BTC down 5%\n>ETH down 3%\nend")
        #expect(parsed.text == "BTC down 5%\nETH down 3%\nend")
        #expect(parsed.entities == [Entity(type: "blockquote", offset: 0, length: 24)])
        #expect(throws: TelegramMarkdownV2.ParseError.self) { try TelegramMarkdownV2.parse("a >b") }
    }

    @Test func escapeMakesAnyTextReadAsItself() throws {
        let text = #"P&L: -1.5% (max_dd) [x] {y} a*b~c`d>e#f+g=h|i!j \k"#
        #expect(try TelegramMarkdownV2.parse(TelegramMarkdownV2.escape(text)) == (text, []))
    }
}
