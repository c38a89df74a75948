package posts

import (
	"reflect"
	"testing"
)

func TestSourceParsesBack(t *testing.T) {
	sample, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	p := sample[0]
	p.Title = `Quotes "inside", colons: and back\slashes`
	p.Summary = "A summary written by hand."
	p.Draft = true
	back, err := Parse("x.md", []byte(Source(p)))
	if err != nil {
		t.Fatalf("%v\n%s", err, Source(p))
	}
	back.Words, p.Words = 0, 0
	if !reflect.DeepEqual(back, p) {
		t.Errorf("round trip changed the post:\n got %+v\nwant %+v", back, p)
	}
}
